import type { Message } from "../agent/session-mux.ts";
import type { DeploymentRequest } from "../agent/node-agent.ts";
import type { JsonRpcId } from "./jsonrpc.ts";

/** Where gateways open their one WebSocket to each node agent (same port as the control API). */
export const LINK_PATH = "/v1/link";

/**
 * Frames between a gateway and a node agent on the link: one WebSocket per pair carries every
 * session's messages, each tagged with the gateway's port number for that session. `rid` matches
 * a request (lease, find) to its answer.
 */
export type GatewayFrame =
  | { op: "lease"; rid: number; deployment: DeploymentRequest }
  | { op: "find"; rid: number; process: string }
  | { op: "attach"; port: number; process: string }
  | { op: "send"; port: number; m: Message }
  | { op: "caps"; port: number; c: Record<string, unknown> }
  | { op: "cancel"; port: number; id: JsonRpcId; reason: string }
  | { op: "detach"; port: number }
  | { op: "release"; deploymentId: string; process: string; reason: string };

export type AgentFrame =
  | { op: "leased"; rid: number; process: string; init: Record<string, unknown> | undefined }
  | { op: "found"; rid: number; init: Record<string, unknown> | null }
  | { op: "failed"; rid: number; message: string }
  | { op: "msg"; port: number; m: Message }
  /** Answered calls of a port since the last such frame: [ms, failed (0/1), bytes] each. */
  | { op: "calls"; port: number; c: Array<[number, number, number]> }
  | { op: "exit"; process: string; reason: string };
