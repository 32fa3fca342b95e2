import { McpError } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import type { OpenConnection } from "../session/open-connection.ts";
import type { RawMessage } from "./raw-message.ts";

export type RawOutcome =
  | { kind: "result"; result: unknown; ms: number }
  | { kind: "rpc-error"; code: number; message: string; data?: unknown; ms: number }
  | { kind: "sent"; what: "notification" | "response" }
  | { kind: "failed"; message: string; ms: number };

// Any result is shown as it came: the console is where a user sees what the SDK's schemas would hide.
const anyResult = z.looseObject({});

/**
 * Sends what the console holds. A request goes through the SDK, which gives it an id of its own
 * (so it never clashes with a request of the bench's in flight), correlates the reply, and
 * applies the timeout (reset by progress); notifications and replies go out as written, with
 * nothing to wait for. Everything lands in the timeline on its way.
 */
export async function sendRaw(connection: Pick<OpenConnection, "client" | "sendRaw">, message: RawMessage, options: { timeoutMs: number; signal?: AbortSignal }): Promise<RawOutcome> {
  if (message.kind !== "request") {
    await connection.sendRaw(message.message);
    return { kind: "sent", what: message.kind };
  }
  const started = performance.now();
  const ms = () => Math.round((performance.now() - started) * 10) / 10;
  try {
    const request = { method: message.method, ...(message.params ? { params: message.params } : {}) };
    const result = await connection.client.request(request as { method: string; params?: Record<string, unknown> }, anyResult, {
      timeout: options.timeoutMs,
      resetTimeoutOnProgress: true,
      signal: options.signal,
    });
    return { kind: "result", result, ms: ms() };
  } catch (error) {
    if (error instanceof McpError) {
      // The SDK prefixes "MCP error <code>: "; the server's own words are what the user wants.
      const text = error.message.replace(/^MCP error -?\d+: /, "");
      return { kind: "rpc-error", code: error.code, message: text, ...(error.data !== undefined ? { data: error.data } : {}), ms: ms() };
    }
    return { kind: "failed", message: error instanceof Error ? error.message : String(error), ms: ms() };
  }
}
