/**
 * The personal assistant's server as a client sees it over stdio: reading tools answer at once,
 * and every changing tool asks the user through elicitation first — a real stdio process and the
 * MCP SDK's client, which declares elicitation and answers as each test says.
 */
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { ElicitRequestSchema, type ElicitRequest, type ElicitResult } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";

const BIN = path.join(import.meta.dirname, "server/bin/personal-assistant-mcp.mjs");

type Result = { isError?: boolean; structuredContent?: Record<string, unknown>; content: Array<{ text: string }> };

const clients: Client[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

/** A fresh server process (fresh data) and a client; `answer` plays the user, when given. */
async function connect(answer?: (request: ElicitRequest["params"]) => ElicitResult) {
  const asked: Array<ElicitRequest["params"]> = [];
  const client = new Client({ name: "test", version: "1.0.0" }, answer ? { capabilities: { elicitation: {} } } : {});
  if (answer) {
    client.setRequestHandler(ElicitRequestSchema, (request) => {
      asked.push(request.params);
      return answer(request.params);
    });
  }
  await client.connect(new StdioClientTransport({ command: process.execPath, args: [BIN], stderr: "pipe" }));
  clients.push(client);
  const call = async (name: string, args: Record<string, unknown>) => (await client.callTool({ name, arguments: args })) as Result;
  const startOf = async (id: string) => {
    const { events } = (await call("list_events", {})).structuredContent as { events: Array<{ id: string; start: string }> };
    return events.find((e) => e.id === id)?.start ?? null;
  };
  return { client, call, asked, startOf };
}

describe("the personal assistant's server", () => {
  it("marks its reading tools read-only and its changing tools as changing", async () => {
    const { client } = await connect();
    const { tools } = await client.listTools();
    const hints = Object.fromEntries(tools.map((t) => [t.name, [t.annotations?.readOnlyHint ?? false, t.annotations?.destructiveHint ?? null]]));
    expect(hints).toEqual({
      list_events: [true, null],
      find_free_slots: [true, null],
      search_contacts: [true, null],
      list_reminders: [true, null],
      create_event: [false, false],
      move_event: [false, true],
      cancel_event: [false, true],
      send_message: [false, true],
      add_reminder: [false, false],
    });
  });

  it("reads the calendar, free time and contacts from its seeded data", async () => {
    const { call } = await connect();
    const dentist = (await call("list_events", { query: "dentist" })).structuredContent as { events: Array<Record<string, unknown>> };
    expect(dentist.events).toEqual([expect.objectContaining({ id: "EV-102", title: "Dentist", start: "2025-06-03T14:00", end: "2025-06-03T15:00", day: "Tuesday" })]);
    const thursday = (await call("list_events", { from: "2025-06-05", to: "2025-06-05" })).structuredContent as { events: Array<{ id: string }> };
    expect(thursday.events.map((e) => e.id)).toEqual(["EV-104", "EV-105"]);
    const free = (await call("find_free_slots", { date: "2025-06-05", durationMinutes: 60, notBefore: "13:00" })).structuredContent;
    expect(free).toMatchObject({ day: "Thursday", slots: [{ start: "2025-06-05T13:00", end: "2025-06-05T18:00", minutes: 300 }] });
    expect((await call("search_contacts", { query: "priya" })).structuredContent).toMatchObject({ contacts: [{ id: "C-201", name: "Priya Natarajan" }] });
    const bad = await call("list_events", { from: "2025-06-31" });
    expect(bad).toMatchObject({ isError: true, content: [{ text: 'from: expected a local time like 2025-06-05T14:00, got "2025-06-31T00:00"' }] });
  });

  it("moves an event only after the user accepts, at the time the user chose", async () => {
    const { call, asked, startOf } = await connect(() => ({ action: "accept", content: { confirm: true, start: "2025-06-05T15:00" } }));
    const moved = await call("move_event", { eventId: "EV-102", start: "2025-06-05T14:00" });
    expect(asked).toEqual([
      {
        message: 'Move "Dentist" from 2025-06-03T14:00 to 2025-06-05T14:00?',
        requestedSchema: {
          type: "object",
          properties: {
            confirm: { type: "boolean", title: "Move this event", description: "Untick to leave everything as it is", default: true },
            start: { type: "string", title: "New start", description: "Local time, YYYY-MM-DDTHH:MM", default: "2025-06-05T14:00" },
          },
          required: ["confirm", "start"],
        },
      },
    ]);
    expect(moved.structuredContent).toMatchObject({ changed: true, from: "2025-06-03T14:00", event: { id: "EV-102", start: "2025-06-05T15:00" } });
    expect(await startOf("EV-102")).toBe("2025-06-05T15:00");
  });

  it.each([
    ["decline", { action: "decline" }, "the user declined"],
    ["cancel", { action: "cancel" }, "the user dismissed the question"],
    ["an unticked confirm", { action: "accept", content: { confirm: false, start: "2025-06-05T14:00" } }, "the user did not tick confirm"],
  ] as const)("changes nothing on %s", async (_label, reply, why) => {
    const { call, startOf } = await connect(() => reply as ElicitResult);
    const result = await call("move_event", { eventId: "EV-102", start: "2025-06-05T14:00" });
    expect(result.isError).toBeUndefined();
    expect(result.structuredContent).toEqual({ changed: false, outcome: expect.any(String), message: `Nothing was changed: ${why}, so "Dentist" stays on 2025-06-03T14:00.` });
    expect(await startOf("EV-102")).toBe("2025-06-03T14:00");
  });

  it("cancels, sends and adds only what the user accepted, with the user's edits", async () => {
    const edits: Record<string, string | boolean> = { confirm: true };
    const { call, asked } = await connect((params) => ({ action: "accept", content: params.message.startsWith("Send") ? { ...edits, text: "Running 10 minutes late, sorry!" } : edits }));
    expect((await call("cancel_event", { eventId: "EV-105" })).structuredContent).toMatchObject({ changed: true, cancelled: { id: "EV-105", title: "Gym" } });
    expect((await call("list_events", { query: "gym" })).structuredContent).toEqual({ events: [] });
    expect((await call("send_message", { contactId: "C-201", text: "Late" })).structuredContent).toMatchObject({ changed: true, message: { to: { name: "Priya Natarajan" }, text: "Running 10 minutes late, sorry!", status: "sent" } });
    expect(asked.map((a) => a.message)).toEqual(['Cancel "Gym" on 2025-06-05T18:00? This cannot be undone.', "Send this message to Priya Natarajan (priya@example.com)?"]);
  });

  it("refuses a change it cannot make before asking, and an edit that is not a time after", async () => {
    const { call, asked, startOf } = await connect(() => ({ action: "accept", content: { confirm: true, start: "next week" } }));
    const clash = await call("move_event", { eventId: "EV-102", start: "2025-06-05T10:30" });
    expect(clash).toMatchObject({ isError: true, content: [{ text: 'That time overlaps "Quarterly review" (2025-06-05T10:00, 90 min); find_free_slots shows free times.' }] });
    expect(asked).toEqual([]);
    const edited = await call("move_event", { eventId: "EV-102", start: "2025-06-05T14:00" });
    expect(edited.structuredContent).toMatchObject({ changed: false, outcome: "invalid_answer" });
    expect(await startOf("EV-102")).toBe("2025-06-03T14:00");
  });

  it("changes nothing for a client that cannot ask the user", async () => {
    const { call, startOf } = await connect();
    const result = await call("move_event", { eventId: "EV-102", start: "2025-06-05T14:00" });
    expect(result.structuredContent).toMatchObject({ changed: false, outcome: "cannot_ask" });
    expect(await startOf("EV-102")).toBe("2025-06-03T14:00");
  });
});
