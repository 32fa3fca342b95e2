import { describe, expect, it } from "vitest";
import { messageText } from "../../agent/raw-reply.ts";
import { type Message, SessionMux } from "../../agent/session-mux.ts";
import type { ResolvedDeployment } from "../gateway.ts";
import { ForwardedCall } from "./forwarded-call.ts";
import type { ModernRequest } from "./modern-request.ts";
import type { ModernReply } from "./modern-reply.ts";
import { StatelessUpstream } from "./stateless-upstreams.ts";

/** A process stand-in on a real mux: what reaches the server is recorded, the test answers for it. */
function fakeProcess() {
  const sent: Message[] = [];
  const mux = new SessionMux({ alive: true, send: (line) => (sent.push(JSON.parse(line)), true), recordCall: () => {} });
  const handle = { initializeResult: { serverInfo: { name: "srv", version: "1" } }, attach: () => mux.attach(), onExit: () => () => {} };
  const upstream = new StatelessUpstream({ keyId: "k", keyPrefix: "p" }, { id: "d", name: "d" } as ResolvedDeployment, { handle, node: "n", process: "p" }, 0);
  const fromServer = (message: Record<string, unknown>) => mux.fromServer(JSON.stringify({ jsonrpc: "2.0", ...message }));
  return { mux, sent, upstream, fromServer };
}

/** A ModernReply stand-in: what the client would get, as it reads it off the wire. */
function fakeReply() {
  const reply = {
    answers: [] as Array<{ message: Message; status: number }>,
    texts: [] as string[],
    interims: [] as Message[],
    done: false,
    onHangUp: () => {},
    finish(message: Message, status = 200) {
      reply.done = true;
      reply.texts.push(messageText(message));
      reply.answers.push({ message: JSON.parse(reply.texts.at(-1)!), status });
    },
    interim(message: Message) {
      reply.interims.push(message);
    },
  };
  return reply;
}

function modernRequest(id: number, method = "tools/call", extra: Partial<ModernRequest> = {}): ModernRequest {
  return {
    id,
    method,
    params: { name: "ask", arguments: {}, _meta: {} },
    protocolVersion: "2026-07-28",
    capabilities: { elicitation: {}, roots: {} },
    logLevel: undefined,
    progressToken: undefined,
    inputResponses: undefined,
    requestState: undefined,
    acceptsJson: true,
    acceptsSse: true,
    ...extra,
  };
}

function startCall(process: ReturnType<typeof fakeProcess>, request = modernRequest(1)) {
  const parks: string[] = [];
  const ended: ForwardedCall[] = [];
  const call = new ForwardedCall(process.upstream, request, {
    park: () => {
      parks.push(`state-${parks.length + 1}`);
      return parks.at(-1)!;
    },
    ended: (c) => ended.push(c),
    onCall: () => {},
  });
  const reply = fakeReply();
  call.start(reply as unknown as ModernReply);
  return { call, reply, parks, ended, upstreamId: process.sent[0]!.id };
}

const elicit = (id: string, params: Record<string, unknown> = {}) => ({ id, method: "elicitation/create", params: { message: "name?", requestedSchema: { type: "object" }, ...params } });
const asked = { method: "elicitation/create", params: { message: "name?", requestedSchema: { type: "object" } } };
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("ForwardedCall", () => {
  it("answers input_required for what the server asks, and hands the retry's answers to it", async () => {
    const process = fakeProcess();
    const { call, reply, upstreamId } = startCall(process);
    process.fromServer(elicit("s1", { task: { ttl: 1 }, _meta: { "io.modelcontextprotocol/related-task": { taskId: "t" } } }));
    process.fromServer(elicit("s2"));
    await tick();
    expect(reply.answers).toEqual([
      {
        status: 200,
        message: {
          jsonrpc: "2.0",
          id: 1,
          result: {
            resultType: "input_required",
            // The 2025 task fields are gone; the two requests the server sent together are one round.
            inputRequests: { "elicitation-1": asked, "elicitation-2": asked },
            requestState: "state-1",
            _meta: { "io.modelcontextprotocol/serverInfo": { name: "srv", version: "1" } },
          },
        },
      },
    ]);

    // The retry answers one of two: the server gets it, the client is asked the other again.
    const retry = fakeReply();
    call.resume(modernRequest(2, "tools/call", { inputResponses: { "elicitation-1": { action: "accept", content: { name: "Ada" } } } }), retry as unknown as ModernReply);
    expect(process.sent.at(-1)).toEqual({ jsonrpc: "2.0", id: "s1", result: { action: "accept", content: { name: "Ada" } } });
    expect(retry.answers[0]!.message.result).toMatchObject({ resultType: "input_required", inputRequests: { "elicitation-2": { method: "elicitation/create" } }, requestState: "state-2" });
    expect(Object.keys((retry.answers[0]!.message.result as { inputRequests: object }).inputRequests)).toEqual(["elicitation-2"]);

    // The server answers while the call is parked: the answer waits for the retry, under its id.
    process.fromServer({ id: upstreamId, result: { content: [] } });
    const last = fakeReply();
    call.resume(modernRequest(3, "tools/call", { inputResponses: { "elicitation-2": { action: "decline" } } }), last as unknown as ModernReply);
    expect(last.answers).toEqual([{ status: 200, message: { jsonrpc: "2.0", id: 3, result: { resultType: "complete", content: [], _meta: { "io.modelcontextprotocol/serverInfo": { name: "srv", version: "1" } } } } }]);
    expect(call.ended).toBe(true);
    expect(process.mux.ports.size).toBe(0);
  });

  it("adds resultType and the server's info to a result, merged with a _meta of the server's own, and never writes a member twice", () => {
    const serverInfo = { "io.modelcontextprotocol/serverInfo": { name: "srv", version: "1" } };
    const process = fakeProcess();
    const plain = startCall(process);
    process.fromServer({ id: plain.upstreamId, result: { content: [{ type: "text", text: "\"_meta\" in a string" }] } });
    expect(plain.reply.answers).toEqual([{ status: 200, message: { jsonrpc: "2.0", id: 1, result: { resultType: "complete", _meta: serverInfo, content: [{ type: "text", text: '"_meta" in a string' }] } } }]);
    const withMeta = startCall(process, modernRequest(2));
    process.fromServer({ id: process.sent.at(-1)!.id, result: { content: [], _meta: { trace: "t1" } } });
    expect(withMeta.reply.answers[0]!.message.result).toEqual({ resultType: "complete", content: [], _meta: { trace: "t1", ...serverInfo } });
    const typed = startCall(process, modernRequest(3));
    process.fromServer({ id: process.sent.at(-1)!.id, result: { resultType: "complete", content: [] } });
    // Once only: a parser that keeps the first of two would not read the server's.
    expect(typed.reply.texts[0]!.match(/"resultType"/g)).toHaveLength(1);
  });

  it("answers the server itself when the client cannot be asked (ping, a list call), and the client -32021 for an undeclared mode", async () => {
    const process = fakeProcess();
    const list = startCall(process, modernRequest(1, "tools/list"));
    process.fromServer({ id: "r1", method: "roots/list" });
    process.fromServer({ id: "p1", method: "ping" });
    expect(process.sent.slice(-2)).toEqual([{ jsonrpc: "2.0", id: "r1", result: { roots: [] } }, { jsonrpc: "2.0", id: "p1", result: {} }]);
    process.fromServer({ id: list.upstreamId, result: { tools: [] } });
    expect(list.reply.answers[0]!.message.result).toMatchObject({ resultType: "complete", ttlMs: 0, cacheScope: "private" });

    const urlProcess = fakeProcess();
    const url = startCall(urlProcess);
    urlProcess.fromServer(elicit("u1", { mode: "url", url: "https://example.test" }));
    await tick();
    expect(urlProcess.sent).toContainEqual(expect.objectContaining({ id: "u1", error: expect.objectContaining({ code: -32601, message: expect.stringMatching(/did not declare elicitation/) }) }));
    expect(url.reply.answers).toHaveLength(1);
    expect(url.reply.answers[0]).toMatchObject({ status: 400, message: { error: { code: -32021, data: { requiredCapabilities: { elicitation: { url: {} } } } } } });
  });

  it("cancels the call upstream when the client hangs up, and refuses what the server still asks", async () => {
    const process = fakeProcess();
    const { reply, upstreamId, ended } = startCall(process);
    reply.onHangUp();
    expect(process.sent.at(-1)).toMatchObject({ method: "notifications/cancelled", params: { requestId: upstreamId } });
    expect(ended).toHaveLength(1);
    expect(process.mux.inFlight).toBe(0);
  });

  it("relays progress under the current request's token, and log messages only at its level", () => {
    const process = fakeProcess();
    const { reply, upstreamId } = startCall(process, modernRequest(1, "tools/call", { progressToken: "tok", logLevel: "warning", params: { name: "ask", _meta: { progressToken: "tok" } } }));
    process.fromServer({ method: "notifications/progress", params: { progressToken: upstreamId, progress: 1 } });
    process.fromServer({ method: "notifications/message", params: { level: "info", data: "quiet" } });
    process.fromServer({ method: "notifications/message", params: { level: "error", data: "loud" } });
    process.fromServer({ method: "notifications/tools/list_changed" });
    expect(reply.interims).toEqual([
      { jsonrpc: "2.0", method: "notifications/progress", params: { progressToken: "tok", progress: 1 } },
      { jsonrpc: "2.0", method: "notifications/message", params: { level: "error", data: "loud" } },
    ]);
  });
});
