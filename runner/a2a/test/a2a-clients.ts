/**
 * @a2a-js/sdk clients for the tests, as a user would build them: the v1.0 client (with the v0.3
 * compat layer on, as the SDK recommends) and the v0.3 JSON-RPC transport on its own, each
 * sending the tenant's API key.
 */
import { randomUUID } from "node:crypto";
import { type Message, type Part, Role, type SendMessageRequest } from "@a2a-js/sdk";
import { Client, ClientFactory, DefaultAgentCardResolver, JsonRpcTransportFactory } from "@a2a-js/sdk/client";
import { LegacyJsonRpcTransport } from "@a2a-js/sdk/compat/v0_3/client";

/** fetch with the key's Authorization header on every request. */
export function keyFetch(key: string): typeof fetch {
  return ((input: string | URL | Request, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    headers.set("authorization", `Bearer ${key}`);
    return fetch(input, { ...init, headers });
  }) as typeof fetch;
}

/** The agent's base URL (with the trailing slash the SDK's card resolver needs). */
export function agentUrl(gatewayUrl: string, deployment: string): string {
  return `${gatewayUrl}/a2a/${deployment}/`;
}

export async function v1Client(gatewayUrl: string, deployment: string, key: string): Promise<Client> {
  const fetchImpl = keyFetch(key);
  const factory = new ClientFactory({
    transports: [new JsonRpcTransportFactory({ fetchImpl, legacyCompat: { enabled: true } })],
    cardResolver: new DefaultAgentCardResolver({ fetchImpl, legacyCompat: { enabled: true } }),
  });
  return factory.createFromUrl(agentUrl(gatewayUrl, deployment));
}

/** A client speaking A2A v0.3 JSON-RPC (message/send, tasks/get…) to the same agent. */
export async function v03Client(gatewayUrl: string, deployment: string, key: string): Promise<Client> {
  const fetchImpl = keyFetch(key);
  const card = await new DefaultAgentCardResolver({ fetchImpl, legacyCompat: { enabled: true } }).resolve(agentUrl(gatewayUrl, deployment));
  const legacy = card.supportedInterfaces.find((entry) => entry.protocolVersion === "0.3");
  if (!legacy) throw new Error("the card lists no v0.3 interface");
  return new Client(new LegacyJsonRpcTransport({ endpoint: legacy.url, fetchImpl }), card);
}

export function text(value: string): Part {
  return { content: { $case: "text", value }, mediaType: "text/plain", filename: "", metadata: undefined };
}

export function data(value: Record<string, unknown>): Part {
  return { content: { $case: "data", value }, mediaType: "application/json", filename: "", metadata: undefined };
}

export function message(parts: Part[], options: { skillId?: string; taskId?: string; contextId?: string; metadata?: Record<string, unknown> } = {}): Message {
  return {
    messageId: randomUUID(),
    contextId: options.contextId ?? "",
    taskId: options.taskId ?? "",
    role: Role.ROLE_USER,
    parts,
    metadata: { ...(options.skillId ? { skillId: options.skillId } : {}), ...options.metadata },
    extensions: [],
    referenceTaskIds: [],
  };
}

export function send(parts: Part[], options: Parameters<typeof message>[1] & { returnImmediately?: boolean } = {}): SendMessageRequest {
  return {
    tenant: "",
    message: message(parts, options),
    configuration: { acceptedOutputModes: [], taskPushNotificationConfig: undefined, returnImmediately: options.returnImmediately ?? false },
    metadata: undefined,
  };
}

/** Raw JSON-RPC to the agent, for what the SDK clients would never send. */
export async function rawRpc(gatewayUrl: string, deployment: string, key: string, body: string | object, headers: Record<string, string> = {}): Promise<{ status: number; json: any }> {
  const response = await fetch(`${gatewayUrl}/a2a/${deployment}`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: response.status, json: await response.json() };
}
