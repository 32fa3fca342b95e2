import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { ErrorCode, McpError, type Progress } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { type OutputCheck, checkOutput } from "../results/output-check.ts";
import type { BenchTool } from "./read-tools.ts";

export interface ToolCallResult {
  content: unknown[];
  structuredContent?: unknown;
  isError?: boolean;
  _meta?: unknown;
}

export type CallOutcome =
  | { kind: "result"; result: ToolCallResult; output: OutputCheck; ms: number; notes: string[] }
  | { kind: "rpc-error"; code: number; message: string; data?: unknown; ms: number }
  | { kind: "timeout"; ms: number; limitMs: number }
  | { kind: "cancelled"; ms: number }
  | { kind: "failed"; message: string; ms: number };

// Lenient on purpose: a result the SDK's schema would refuse is still shown, with notes.
const lenientResult = z.looseObject({ content: z.unknown().optional(), structuredContent: z.unknown().optional(), isError: z.unknown().optional(), _meta: z.unknown().optional() });

export interface CallOptions {
  signal?: AbortSignal;
  /** Without progress for this long, the call is given up (progress restarts the clock). */
  timeoutMs: number;
  onprogress?: (progress: Progress) => void;
}

/**
 * Calls a tool and says what happened in one value: its result with the outputSchema check, the
 * server's JSON-RPC error, a timeout, a cancellation (the SDK tells the server), or a failure.
 */
export async function callTool(client: Client, tool: BenchTool, args: unknown, options: CallOptions): Promise<CallOutcome> {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  try {
    const reply = await client.request({ method: "tools/call", params: { name: tool.name, arguments: args as Record<string, unknown> } }, lenientResult, {
      signal: options.signal,
      timeout: options.timeoutMs,
      resetTimeoutOnProgress: true,
      ...(options.onprogress ? { onprogress: options.onprogress } : {}),
    });
    const notes: string[] = [];
    const content = Array.isArray(reply.content) ? reply.content : [];
    if (!Array.isArray(reply.content)) notes.push("the result has no content array (the spec requires one)");
    if (reply.isError !== undefined && typeof reply.isError !== "boolean") notes.push("isError is not a boolean");
    const result: ToolCallResult = {
      content,
      ...(reply.structuredContent !== undefined ? { structuredContent: reply.structuredContent } : {}),
      ...(reply.isError === true ? { isError: true } : {}),
      ...(reply._meta !== undefined ? { _meta: reply._meta } : {}),
    };
    return { kind: "result", result, output: checkOutput(tool.outputSchema, result), ms: ms(), notes };
  } catch (error) {
    if (options.signal?.aborted) return { kind: "cancelled", ms: ms() };
    if (error instanceof McpError && error.code === ErrorCode.RequestTimeout) return { kind: "timeout", ms: ms(), limitMs: options.timeoutMs };
    if (error instanceof McpError) {
      const message = error.message.replace(/^MCP error -?\d+: /, "");
      return { kind: "rpc-error", code: error.code, message, ...(error.data !== undefined ? { data: error.data } : {}), ms: ms() };
    }
    return { kind: "failed", message: error instanceof Error ? error.message : String(error), ms: ms() };
  }
}
