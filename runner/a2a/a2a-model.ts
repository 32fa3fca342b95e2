import { randomUUID } from "node:crypto";
import { type Artifact, type Message, type Part, Role, type TaskStatus, TaskState, type TaskStatusUpdateEvent } from "@a2a-js/sdk";

/**
 * Small constructors for the A2A v1.0 types of @a2a-js/sdk (protobuf-shaped: every field is
 * present, oneofs are `{ $case, value }`), so the adapters read as the mapping they perform.
 */

export function textPart(text: string, metadata?: Record<string, unknown>): Part {
  return { content: { $case: "text", value: text }, mediaType: "text/plain", filename: "", metadata };
}

export function dataPart(value: unknown, metadata?: Record<string, unknown>): Part {
  return { content: { $case: "data", value }, mediaType: "application/json", filename: "", metadata };
}

export function rawPart(bytes: Buffer, mediaType: string, filename = "", metadata?: Record<string, unknown>): Part {
  return { content: { $case: "raw", value: bytes }, mediaType, filename, metadata };
}

export function urlPart(url: string, mediaType: string, filename = "", metadata?: Record<string, unknown>): Part {
  return { content: { $case: "url", value: url }, mediaType, filename, metadata };
}

export function agentMessage(taskId: string, contextId: string, parts: Part[], metadata?: Record<string, unknown>): Message {
  return { messageId: randomUUID(), contextId, taskId, role: Role.ROLE_AGENT, parts, metadata, extensions: [], referenceTaskIds: [] };
}

export function userMessage(parts: Part[], ids: { taskId?: string; contextId?: string }, metadata?: Record<string, unknown>): Message {
  return { messageId: randomUUID(), contextId: ids.contextId ?? "", taskId: ids.taskId ?? "", role: Role.ROLE_USER, parts, metadata, extensions: [], referenceTaskIds: [] };
}

export function status(state: TaskState, message?: Message): TaskStatus {
  return { state, message, timestamp: new Date().toISOString() };
}

export function statusUpdate(taskId: string, contextId: string, state: TaskState, message?: Message, metadata?: Record<string, unknown>): TaskStatusUpdateEvent {
  return { taskId, contextId, status: status(state, message), metadata };
}

export function artifact(artifactId: string, name: string, parts: Part[], metadata?: Record<string, unknown>): Artifact {
  return { artifactId, name, description: "", parts, metadata, extensions: [] };
}

/** States after which a task never changes again. */
export const TERMINAL_STATES: ReadonlySet<TaskState> = new Set([
  TaskState.TASK_STATE_COMPLETED,
  TaskState.TASK_STATE_FAILED,
  TaskState.TASK_STATE_CANCELED,
  TaskState.TASK_STATE_REJECTED,
]);

/** `TASK_STATE_WORKING` and so on: how the wire, the database and error messages name a state. */
export function stateName(state: TaskState | undefined): string {
  return state === undefined ? "TASK_STATE_UNSPECIFIED" : (TaskState[state] ?? "TASK_STATE_UNSPECIFIED");
}

/** The text of a message's text parts, joined; "" when it has none. */
export function textOf(message: Message | undefined): string {
  if (!message) return "";
  return message.parts.flatMap((part) => (part.content?.$case === "text" ? [part.content.value] : [])).join("\n");
}
