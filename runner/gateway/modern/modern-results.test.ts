import { describe, expect, it } from "vitest";
import { RawReply, replyEnvelope } from "../../agent/raw-reply.ts";
import type { Message } from "../../agent/session-mux.ts";
import { modernAnswer, modernRawAnswer } from "./modern-results.ts";

const error = (code: number, data?: unknown): Message => ({ jsonrpc: "2.0", id: 1, error: { code, message: "m", ...(data ? { data } : {}) } });
const info = { name: "srv", version: "1" };

describe("modernAnswer", () => {
  it("marks results complete and names the server, keeping a resultType the server gave", () => {
    expect(modernAnswer("tools/call", { jsonrpc: "2.0", id: 1, result: { content: [] } }, info).message.result).toEqual({ resultType: "complete", content: [], _meta: { "io.modelcontextprotocol/serverInfo": info } });
    expect(modernAnswer("tools/call", { jsonrpc: "2.0", id: 1, result: { resultType: "task" } }, undefined).message.result).toEqual({ resultType: "task" });
  });

  it("makes cacheable results private for 0 ms unless the server said otherwise", () => {
    expect(modernAnswer("resources/read", { jsonrpc: "2.0", id: 1, result: { contents: [] } }, undefined).message.result).toMatchObject({ ttlMs: 0, cacheScope: "private" });
    expect(modernAnswer("prompts/list", { jsonrpc: "2.0", id: 1, result: { prompts: [], ttlMs: 5, cacheScope: "public" } }, undefined).message.result).toMatchObject({ ttlMs: 5, cacheScope: "public" });
    expect(modernAnswer("completion/complete", { jsonrpc: "2.0", id: 1, result: {} }, undefined).message.result).not.toHaveProperty("ttlMs");
  });

  it.each<[string, string, number, number, number]>([
    ["resource not found", "resources/read", -32002, -32602, 200],
    ["the gateway's own process gone", "tools/call", -32002, -32603, 200],
    ["a 2025 URL elicitation", "tools/call", -32042, -32603, 200],
    ["method not found", "no/such", -32601, -32601, 404],
    ["invalid params", "tools/call", -32602, -32602, 200],
  ])("maps %s to its 2026 code and status", (_, method, code, mapped, status) => {
    const answer = modernAnswer(method, error(code), undefined);
    expect((answer.message.error as { code: number }).code).toBe(mapped);
    expect(answer.status).toBe(status);
  });

  it("answers a busy server with 503 and Retry-After", () => {
    expect(modernAnswer("tools/call", error(-32001, { reason: "busy" }), undefined)).toMatchObject({ status: 503, headers: { "retry-after": "1" } });
  });

  // Every request a 2025 server answers, with a result that has what any rewrite looks at.
  it.each(["initialize", "ping", "tools/list", "tools/call", "prompts/list", "prompts/get", "resources/list", "resources/templates/list", "resources/read", "resources/subscribe", "completion/complete", "logging/setLevel"])(
    "answers %s in the server's text exactly as it would after parsing, or leaves it to the parse",
    (method) => {
      const line = JSON.stringify({ result: { tools: [{ name: "t", execution: { taskSupport: "optional" } }], content: [], contents: [], prompts: [] }, jsonrpc: "2.0", id: 4 });
      const raw = modernRawAnswer(method, new RawReply(1, line, replyEnvelope(line)!), JSON.stringify(info));
      if (raw === undefined) return;
      expect(JSON.parse(raw.text)).toEqual(modernAnswer(method, JSON.parse(line.replace('"id":4', '"id":1')) as Message, info).message);
    },
  );
});
