import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { McpError, RootsListChangedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import { RecordingTransport } from "../session/recording-transport.ts";
import { Timeline } from "../session/timeline.ts";
import { acceptElicitation, samplingReply } from "./answers.ts";
import { BENCH_CLIENT_CAPABILITIES, ClientFeatures } from "./client-features.ts";
import { USER_REJECTED } from "./server-requests.ts";

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** A bench client (features installed, messages recorded) linked to a bare SDK server. */
async function linked() {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const server = new Server({ name: "asker", version: "1.0.0" }, { capabilities: {} });
  await server.connect(serverSide);
  const timeline = new Timeline();
  const features = new ClientFeatures();
  const client = new Client({ name: "bench", version: "0" }, { capabilities: BENCH_CLIENT_CAPABILITIES });
  features.install(client);
  await client.connect(new RecordingTransport(clientSide, timeline));
  closers.push(() => client.close());
  return { server, client, features, timeline };
}

/** Waits until the page has something to answer. */
async function nextPending(features: ClientFeatures) {
  for (let i = 0; i < 100 && features.requests.snapshot().length === 0; i++) await new Promise((r) => setTimeout(r, 5));
  const first = features.requests.snapshot()[0];
  if (!first) throw new Error("no request reached the page");
  return first;
}

const schema: { type: "object"; properties: Record<string, { type: "string" } | { type: "integer"; minimum: number }>; required: string[] } = {
  type: "object",
  properties: { name: { type: "string" }, age: { type: "integer", minimum: 0 } },
  required: ["name"],
};

describe("client features", () => {
  it("declares sampling, elicitation and roots at initialize", async () => {
    const { server } = await linked();
    // The SDK spells an empty elicitation capability as form mode.
    expect(server.getClientCapabilities()).toEqual({ sampling: {}, elicitation: { form: {} }, roots: { listChanged: true } });
  });

  it("puts an elicitation before the user and sends the accepted content back; the timeline has both", async () => {
    const { server, features, timeline } = await linked();
    const asked = server.elicitInput({ message: "Who are you?", requestedSchema: schema });
    const pending = await nextPending(features);
    expect(pending.kind).toBe("elicitation");
    expect(pending.kind === "elicitation" && pending.params.message).toBe("Who are you?");
    const { result, problems } = acceptElicitation(schema, { name: "Ada", age: 36 });
    expect(problems).toEqual([]);
    features.requests.answer(pending.key, result);
    await expect(asked).resolves.toEqual({ action: "accept", content: { name: "Ada", age: 36 } });
    expect(features.requests.snapshot()).toEqual([]);
    const rows = timeline.snapshot().filter((e) => e.method === "elicitation/create");
    expect(rows.map((e) => `${e.direction} ${e.kind}`)).toEqual(["in request", "out response"]);
  });

  it("reports content that breaks the requestedSchema without blocking it", () => {
    const { problems } = acceptElicitation(schema, { age: -1 });
    expect(problems).toEqual(["/name is required", "/age must be >= 0"]);
  });

  it("declines and cancels", async () => {
    const { server, features } = await linked();
    const declined = server.elicitInput({ message: "?", requestedSchema: schema });
    features.requests.answer((await nextPending(features)).key, { action: "decline" });
    await expect(declined).resolves.toEqual({ action: "decline" });
    const cancelled = server.elicitInput({ message: "?", requestedSchema: schema });
    features.requests.answer((await nextPending(features)).key, { action: "cancel" });
    await expect(cancelled).resolves.toEqual({ action: "cancel" });
  });

  it("answers sampling with the user's text and model, or refuses it with an error", async () => {
    const { server, features } = await linked();
    const sampled = server.createMessage({ messages: [{ role: "user", content: { type: "text", text: "2+2?" } }], maxTokens: 10 });
    const pending = await nextPending(features);
    expect(pending.kind).toBe("sampling");
    features.requests.answer(pending.key, samplingReply("4", "human-1"));
    await expect(sampled).resolves.toMatchObject({ role: "assistant", content: { type: "text", text: "4" }, model: "human-1" });

    const refused = server.createMessage({ messages: [{ role: "user", content: { type: "text", text: "no" } }], maxTokens: 10 });
    features.requests.refuse((await nextPending(features)).key, "the user rejected the sampling request");
    const error = await refused.then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(McpError);
    expect((error as McpError).code).toBe(USER_REJECTED);
    expect((error as McpError).message).toContain("the user rejected the sampling request");
  });

  it("drops a request the server cancels", async () => {
    const { server, features } = await linked();
    // The SDK (1.32) ignores a cancellation of request id 0 (`if (!requestId) return`): use up id 0.
    await server.ping();
    const abort = new AbortController();
    const asked = server.elicitInput({ message: "?", requestedSchema: schema }, { signal: abort.signal });
    await nextPending(features);
    abort.abort("changed my mind");
    await expect(asked).rejects.toThrow();
    for (let i = 0; i < 100 && features.requests.snapshot().length > 0; i++) await new Promise((r) => setTimeout(r, 5));
    expect(features.requests.snapshot()).toEqual([]);
  });

  it("lists the roots and announces a change with roots/list_changed", async () => {
    const { server, client, features } = await linked();
    expect(await server.listRoots()).toEqual({ roots: [] });
    let announced = 0;
    server.setNotificationHandler(RootsListChangedNotificationSchema, () => void announced++);
    const stop = features.announceRoots(client);
    expect(features.roots.set([{ uri: "file:///work/project", name: "project" }])).toBe(true);
    expect(features.roots.set([{ uri: "file:///work/project", name: "project" }])).toBe(false);
    for (let i = 0; i < 100 && announced === 0; i++) await new Promise((r) => setTimeout(r, 5));
    expect(announced).toBe(1);
    expect(await server.listRoots()).toEqual({ roots: [{ uri: "file:///work/project", name: "project" }] });
    stop();
  });

  it("fails what is waiting when the connection goes", async () => {
    const { server, features } = await linked();
    const asked = server.elicitInput({ message: "?", requestedSchema: schema });
    await nextPending(features);
    features.requests.clear("the connection closed");
    await expect(asked).rejects.toThrow("the connection closed");
  });
});
