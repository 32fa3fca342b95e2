import type { IncomingMessage, ServerResponse } from "node:http";
import { LegacyJsonRpcTransportHandler } from "@a2a-js/sdk/compat/v0_3/server";
import { type A2ARequestHandler, JsonRpcTransportHandler, type ServerCallContext, type User } from "@a2a-js/sdk/server";
import type { AgentCard } from "@a2a-js/sdk";
import type { StoredKey } from "../protocol/api-key.ts";
import { refuse } from "../protocol/http-replies.ts";
import { BodyTooLargeError, ClientGoneError, readBody } from "../protocol/read-body.ts";
import { cardJson, legacyCardJson } from "./agent-card.ts";
import { A2A_RPC_CODES, type Envelope, checkEnvelope, rpcError, sendRpc, sendStream } from "./json-rpc.ts";

/** The HTTP side of both A2A endpoints (deployments and stored agents): cards, envelopes, answers. */

/** A refusal as the gateway's, but with A2A's free code for it. */
export function refused(res: ServerResponse, status: number, reason: string, message: string, headers?: Record<string, string>): void {
  refuse(res, status, reason, message, { code: A2A_RPC_CODES.refused, headers });
}

/** The agent card: v1.0 clients say so; v0.3 clients send no A2A-Version and get the v0.3 card (with v1.0's interfaces). */
export function sendCard(req: IncomingMessage, res: ServerResponse, card: AgentCard): void {
  const v1 = /^1(\.0)?$/.test(headerOf(req, "a2a-version")?.trim() ?? "");
  const body = JSON.stringify(v1 ? cardJson(card) : legacyCardJson(card));
  res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body), "cache-control": "private, max-age=30", vary: "A2A-Version, Authorization" });
  res.end(body);
}

/** The request's JSON-RPC envelope and A2A version, or undefined once the error answer is sent. */
export async function readEnvelope(req: IncomingMessage, res: ServerResponse, maxBodyBytes: number): Promise<{ envelope: Envelope; version: "1.0" | "0.3"; id: string | number | null } | undefined> {
  let text: string;
  try {
    text = await readBody(req, maxBodyBytes);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return void refused(res, 413, "too_large", error.message);
    if (error instanceof ClientGoneError) return undefined;
    throw error;
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return void sendRpc(res, rpcError(null, A2A_RPC_CODES.parseError, "the request body is not valid JSON"));
  }
  const checked = checkEnvelope(body, headerOf(req, "a2a-version"));
  if (!checked.ok) return void sendRpc(res, rpcError(checked.id, checked.code, checked.message));
  return { envelope: checked.envelope, version: checked.version, id: checked.envelope.id ?? null };
}

/** Runs the envelope through the SDK's JSON-RPC transport of its version and sends the answer (an event stream for streaming methods). */
export async function answerRpc(res: ServerResponse, handler: A2ARequestHandler, request: { envelope: Envelope; version: "1.0" | "0.3"; id: string | number | null }, context: ServerCallContext): Promise<void> {
  const transport = request.version === "1.0" ? new JsonRpcTransportHandler(handler) : new LegacyJsonRpcTransportHandler(handler);
  const mapError = request.version === "1.0" ? JsonRpcTransportHandler.mapToJSONRPCError : LegacyJsonRpcTransportHandler.mapToLegacyJSONRPCError;
  const out = await transport.handle(request.envelope as Record<string, unknown>, context);
  if (isAsyncGenerator(out)) {
    await sendStream(res, out, (error) => {
      const mapped = mapError(error);
      return rpcError(request.id, mapped.code, mapped.message, mapped.data);
    });
  } else {
    sendRpc(res, out);
  }
}

function isAsyncGenerator(value: unknown): value is AsyncGenerator<unknown, void, undefined> {
  return typeof (value as { [Symbol.asyncIterator]?: unknown } | null)?.[Symbol.asyncIterator] === "function";
}

export function headerOf(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The origin clients reached the gateway at, for the card's interface URL. */
export function originOf(req: IncomingMessage): string {
  const proto = headerOf(req, "x-forwarded-proto") === "https" ? "https" : "http";
  const host = headerOf(req, "x-forwarded-host") ?? headerOf(req, "host") ?? "localhost";
  return `${proto}://${/^[A-Za-z0-9.:[\]-]+$/.test(host) ? host : "localhost"}`;
}

export function keyUser(key: StoredKey): User {
  return {
    get isAuthenticated() {
      return true;
    },
    get userName() {
      return `key:${key.prefix}`;
    },
  };
}
