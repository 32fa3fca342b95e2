import { describe, expect, it } from "vitest";
import { ElicitationGate } from "./elicitation-gate.ts";
import { PubSubElicitationInbox, localPubSub, scriptedContent } from "./elicitations.ts";
import type { TurnEvent } from "./events.ts";
import { MemoryConversationStore } from "./memory-conversation-store.ts";
import { TurnRecorder } from "./turn-recorder.ts";

const SCHEMA = { type: "object", properties: { confirm: { type: "boolean", default: true }, start: { type: "string", default: "2025-06-05T13:00" } }, required: ["confirm", "start"] };

async function setup(options: { timeoutMs?: number; signal?: AbortSignal } = {}) {
  const store = new MemoryConversationStore();
  const { id } = await store.create({ tenantId: "t", agentId: "a", agentVersion: "1.0.0", title: "t" });
  const events: TurnEvent[] = [];
  const recorder = new TurnRecorder(store, id, 1, (event) => events.push(event), []);
  recorder.saveCall({ id: "call-1", turn: 1, step: 1, name: "move_event", deployment: "pa", tool: "move_event", args: {}, status: "running", result: null, error: null, confirmation: null, durationMs: null });
  const inbox = new PubSubElicitationInbox(localPubSub());
  const gate = new ElicitationGate(recorder, inbox, options.timeoutMs ?? 5_000, options.signal ?? new AbortController().signal);
  const ask = () => gate.ask({ deployment: "pa", toolCallId: "call-1", message: "Move it?", requestedSchema: SCHEMA });
  const asked = () => events.find((e): e is Extract<TurnEvent, { type: "elicitation-required" }> => e.type === "elicitation-required")?.elicitation;
  return { store, id, recorder, inbox, events, ask, asked };
}

describe("the elicitation gate", () => {
  it("records the question on its call, tells the watchers, and returns the answer it receives", async () => {
    const { store, id, inbox, events, ask, asked } = await setup();
    const answer = ask();
    await expect.poll(() => asked()?.id).toMatch(/^elicit-/);
    expect(asked()).toMatchObject({ toolCallId: "call-1", name: "move_event", tool: "move_event", message: "Move it?", requestedSchema: SCHEMA, timeoutMs: 5_000 });
    expect((await store.toolCalls(id))[0]!.confirmation).toEqual({ id: asked()!.id, via: "elicitation", message: "Move it?", requestedSchema: SCHEMA });
    await inbox.deliver(asked()!.id, { action: "accept", content: { confirm: true, start: "2025-06-05T15:00" } });
    expect(await answer).toEqual({ action: "accept", content: { confirm: true, start: "2025-06-05T15:00" } });
    expect(events.at(-1)).toEqual({ type: "elicitation-answered", id: asked()!.id, toolCallId: "call-1", action: "accept", content: { confirm: true, start: "2025-06-05T15:00" } });
  });

  it("declines for the user when no answer comes in time, and says why", async () => {
    const { recorder, ask } = await setup({ timeoutMs: 1_000 });
    expect(await ask()).toEqual({ action: "decline", reason: "no answer within 1 s; declined so that nothing changes" });
    await recorder.flush();
    expect(recorder.calls.get("call-1")!.confirmation).toMatchObject({ via: "elicitation", action: "decline", reason: "no answer within 1 s; declined so that nothing changes" });
  });

  it("declines when the turn stops while it waits", async () => {
    const stop = new AbortController();
    const { ask, asked } = await setup({ signal: stop.signal });
    const answer = ask();
    await expect.poll(() => asked()).toBeDefined();
    stop.abort();
    expect(await answer).toEqual({ action: "decline", reason: "the turn stopped before anyone answered; declined so that nothing changes" });
  });
});

describe("a scripted user's accept", () => {
  it("sends the form's defaults with the script's own values over them", () => {
    expect(scriptedContent(SCHEMA as never, { start: "2025-06-05T16:00" })).toEqual({ confirm: true, start: "2025-06-05T16:00" });
    expect(scriptedContent({ type: "object", properties: { note: { type: "string" } } }, undefined)).toEqual({});
  });
});
