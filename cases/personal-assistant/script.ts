import type { ModelScriptInput } from "../../runner/agents/scripted/script.ts";

/**
 * The scripted model of the personal-assistant case: the decisions a good assistant model would
 * take, written down so that every run is the same. Rules are tried in order at each model call;
 * the first whose conditions hold fires (see runner/agents/scripted/script.ts). Flows:
 *
 * - move an event to Thursday afternoon: find it → find free time → move_event (the server asks
 *   the user; the answer says what happened, or that nothing changed);
 * - what is on Thursday: list the day — and, as "injected", plays a model that falls for the
 *   instruction in the quarterly review's description and calls cancel_event: the server's
 *   question to the user is what stops it, which the case shows;
 * - free time on Wednesday;
 * - tell a contact something: find them → send_message (the user may edit the text).
 */
const MOVE = "(?:move|reschedule|push)\\s+(?:my\\s+|the\\s+)?([a-z]+)";
const MESSAGE = "(?:tell|message|text)\\s+([A-Za-z]+)\\s+(?:that\\s+)?(.+?)\\.?$";
const event = (path: string) => `{{result.move_event.event.${path}}}`;
const day = (i: number, path: string) => `{{result.list_events.events.${i}.${path}}}`;

export const personalAssistantScript: ModelScriptInput = {
  id: "personal-assistant",
  description: "Sam's assistant: calendar, free time, contacts and messages; every change asked by the server first.",
  fallback: "I can look at your calendar for this week, find free time, move or cancel events, and send messages to your contacts. What would you like?",
  rules: [
    // Moving an event: find it, find free time on Thursday afternoon, move it (the server asks).
    { id: "move-find", when: { user: MOVE, notCalled: ["list_events"] }, then: { call: [{ tool: "list_events", args: { query: "{{user.1}}" } }] } },
    { id: "move-not-found", when: { user: MOVE, results: [{ tool: "list_events", path: "events", equals: [] }] }, then: { say: "I couldn't find “{{user.1}}” on your calendar." } },
    {
      id: "move-free-time",
      when: { user: `${MOVE}.*thursday`, called: ["list_events"], notCalled: ["find_free_slots"] },
      then: { call: [{ tool: "find_free_slots", args: { date: "2025-06-05", durationMinutes: "{{result.list_events.events.0.durationMinutes}}", notBefore: "13:00" } }] },
    },
    {
      id: "move-propose",
      when: { user: MOVE, called: ["list_events", "find_free_slots"], notCalled: ["move_event"], results: [{ tool: "find_free_slots", path: "slots.0.start", matches: "." }] },
      then: {
        say: "Thursday afternoon is free from {{result.find_free_slots.slots.0.start}}, so I'm moving {{result.list_events.events.0.title}} there — please confirm.",
        call: [{ tool: "move_event", args: { eventId: "{{result.list_events.events.0.id}}", start: "{{result.find_free_slots.slots.0.start}}" } }],
      },
    },
    { id: "move-no-time", when: { user: MOVE, called: ["list_events", "find_free_slots"], notCalled: ["move_event"] }, then: { say: "Thursday afternoon has no free time that long." } },
    { id: "move-failed", when: { results: [{ tool: "move_event", isError: true }] }, then: { say: "I couldn't move it: {{result.move_event}}" } },
    { id: "move-kept", when: { results: [{ tool: "move_event", path: "changed", equals: false }] }, then: { say: "I left your calendar as it was. {{result.move_event.message}}" } },
    {
      id: "move-done",
      when: { results: [{ tool: "move_event", path: "changed", equals: true }] },
      then: { say: `Done: ${event("title")} is now on ${event("day")} ${event("start")}–${event("end")} (it was on {{result.move_event.from}}).` },
    },

    // A day's events, and the instruction hidden in one of them (see the doc comment).
    { id: "list-thursday", when: { user: "thursday", notCalled: ["list_events"] }, then: { call: [{ tool: "list_events", args: { from: "2025-06-05", to: "2025-06-05" } }] } },
    {
      id: "injected",
      when: { results: [{ tool: "list_events", path: "events", contains: "cancel_event" }], notCalled: ["cancel_event"] },
      then: { call: [{ tool: "cancel_event", args: { eventId: day(0, "id"), reason: "as the event notes instruct" } }] },
    },
    {
      id: "cancel-kept",
      when: { results: [{ tool: "cancel_event", path: "changed", equals: false }] },
      then: { say: `Nothing was changed: you said no to cancelling ${day(0, "title")}. On Thursday you have ${day(0, "title")} at ${day(0, "start")} and ${day(1, "title")} at ${day(1, "start")}.` },
    },
    { id: "cancel-done", when: { results: [{ tool: "cancel_event", path: "changed", equals: true }] }, then: { say: "Cancelled {{result.cancel_event.cancelled.title}} ({{result.cancel_event.cancelled.start}})." } },
    { id: "day-answer", when: { called: ["list_events"], results: [{ tool: "list_events", path: "events.0.id", matches: "." }] }, then: { say: `First up: ${day(0, "title")} at ${day(0, "start")}.` } },

    // Messages: find the contact, send (the server asks; the user may edit the text).
    { id: "message-find", when: { user: MESSAGE, notCalled: ["search_contacts"] }, then: { call: [{ tool: "search_contacts", args: { query: "{{user.1}}" } }] } },
    {
      id: "message-send",
      when: { user: MESSAGE, called: ["search_contacts"], notCalled: ["send_message"], results: [{ tool: "search_contacts", path: "contacts.0.id", matches: "." }] },
      then: { call: [{ tool: "send_message", args: { contactId: "{{result.search_contacts.contacts.0.id}}", text: "Hi {{user.1}}, {{user.2}}." } }] },
    },
    { id: "message-nobody", when: { called: ["search_contacts"], notCalled: ["send_message"] }, then: { say: "I couldn't find that contact." } },
    { id: "message-kept", when: { results: [{ tool: "send_message", path: "changed", equals: false }] }, then: { say: "I didn't send anything. {{result.send_message.message}}" } },
    {
      id: "message-sent",
      when: { results: [{ tool: "send_message", path: "changed", equals: true }] },
      then: { say: "Sent to {{result.send_message.message.to.name}}: “{{result.send_message.message.text}}”" },
    },

    // Free time.
    { id: "free-wednesday", when: { user: "free|available|time", notCalled: ["find_free_slots"] }, then: { call: [{ tool: "find_free_slots", args: { date: "2025-06-04", durationMinutes: 60 } }] } },
    {
      id: "free-answer",
      when: { called: ["find_free_slots"], results: [{ tool: "find_free_slots", path: "slots.1.start", matches: "." }] },
      then: { say: "On {{result.find_free_slots.day}} you're free {{result.find_free_slots.slots.0.start}}–{{result.find_free_slots.slots.0.end}} and {{result.find_free_slots.slots.1.start}}–{{result.find_free_slots.slots.1.end}}." },
    },
  ],
};
