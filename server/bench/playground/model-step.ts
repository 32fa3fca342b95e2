import { type JSONSchema7, InvalidToolInputError, type ModelMessage, NoSuchToolError, type ToolSet, generateText, jsonSchema, tool } from "ai";
import { endpointModel } from "../../../runner/agents/models.ts";
import { describeModelError } from "../../../runner/agents/model-errors.ts";
import type { LanguageModelV3 } from "../../../runner/agents/model-types.ts";
import { PlaygroundModel } from "../../../runner/agents/scripted/playground-model.ts";
import type { Json, PlaygroundMessage, PlaygroundModelChoice, PlaygroundTool, StepCall, StepReply } from "./wire.ts";

/** A model call that takes longer is given up and reported; the page may ask again. */
const STEP_TIMEOUT_MS = 90_000;

const SYSTEM =
  "You are trying out an MCP server's tools in a test bench. Call a tool when the user's request needs one, with arguments that match its input schema; then answer briefly from what the tool returned, or say why it failed.";

export interface ModelStepRequest {
  model: PlaygroundModelChoice;
  messages: PlaygroundMessage[];
  tools: PlaygroundTool[];
  maxOutputTokens: number;
  signal?: AbortSignal;
}

/** Opens a tenant's model endpoint: its base URL and key, which stay on the server. */
export type EndpointOpener = (name: string) => Promise<{ baseUrl: string; apiKey: string | undefined }>;

/**
 * One model call of the playground: the model sees the conversation and the connection's tools
 * (declared without an implementation, so the call ends at the model's tool calls instead of
 * running them — the page runs them through its own MCP session). Never throws for what the
 * model or its endpoint did: a refused key, an endpoint that is down, a tool call that names no
 * tool or whose arguments are not JSON all come back as words the page shows in place.
 */
export async function runModelStep(request: ModelStepRequest, openEndpoint: EndpointOpener): Promise<StepReply> {
  const label = modelLabel(request.model);
  const started = performance.now();
  const latencyMs = () => Math.round(performance.now() - started);
  let model: LanguageModelV3;
  try {
    model = await resolveModel(request.model, openEndpoint);
  } catch (error) {
    return { ok: false, model: label, error: (error as Error).message, latencyMs: latencyMs() };
  }
  const tools = toolSet(request.tools);
  try {
    const result = await generateText({
      model,
      system: SYSTEM,
      messages: request.messages.map(toModelMessage),
      tools,
      maxOutputTokens: request.maxOutputTokens,
      // No retry: the playground reports a failing endpoint at once, and the user tries again.
      maxRetries: 0,
      abortSignal: request.signal ? AbortSignal.any([request.signal, AbortSignal.timeout(STEP_TIMEOUT_MS)]) : AbortSignal.timeout(STEP_TIMEOUT_MS),
    });
    const calls: StepCall[] = [];
    for (const part of result.content) {
      if (part.type !== "tool-call") continue;
      const invalid = (part as { invalid?: boolean; error?: unknown }).invalid ? (part as { error?: unknown }).error : undefined;
      calls.push({ id: part.toolCallId, name: part.toolName, input: (part.input ?? null) as Json, ...(invalid !== undefined ? { problem: describeInvalidCall(invalid, part.toolName, request.tools) } : {}) });
    }
    return {
      ok: true,
      model: label,
      text: result.text,
      calls,
      finishReason: result.finishReason,
      usage: { inputTokens: result.usage.inputTokens ?? 0, outputTokens: result.usage.outputTokens ?? 0 },
      latencyMs: latencyMs(),
    };
  } catch (error) {
    return { ok: false, model: label, error: describeModelError(error), latencyMs: latencyMs() };
  }
}

export function modelLabel(choice: PlaygroundModelChoice): string {
  return choice.kind === "scripted" ? "scripted playground model" : `${choice.model} at ${choice.endpoint}`;
}

async function resolveModel(choice: PlaygroundModelChoice, openEndpoint: EndpointOpener): Promise<LanguageModelV3> {
  if (choice.kind === "scripted") return new PlaygroundModel();
  const endpoint = await openEndpoint(choice.endpoint);
  return endpointModel({ baseUrl: endpoint.baseUrl, apiKey: endpoint.apiKey, model: choice.model });
}

function toolSet(tools: PlaygroundTool[]): ToolSet {
  const set: ToolSet = {};
  for (const t of tools) {
    const schema = isObjectSchema(t.inputSchema) ? (t.inputSchema as JSONSchema7) : ({ type: "object", properties: {} } as JSONSchema7);
    set[t.name] = tool({ ...(t.description ? { description: t.description } : {}), inputSchema: jsonSchema(schema) });
  }
  return set;
}

function isObjectSchema(schema: unknown): boolean {
  return typeof schema === "object" && schema !== null && !Array.isArray(schema) && (schema as { type?: unknown }).type === "object";
}

function toModelMessage(message: PlaygroundMessage): ModelMessage {
  switch (message.role) {
    case "user":
      return { role: "user", content: message.text };
    case "assistant":
      return {
        role: "assistant",
        content: [
          ...(message.text ? [{ type: "text" as const, text: message.text }] : []),
          ...message.calls.map((call) => ({ type: "tool-call" as const, toolCallId: call.id, toolName: call.name, input: call.input })),
        ],
      };
    case "tool":
      return {
        role: "tool",
        content: message.results.map((result) => ({
          type: "tool-result" as const,
          toolCallId: result.id,
          toolName: result.name,
          output:
            result.output.type === "error"
              ? { type: "error-text" as const, value: result.output.message }
              : typeof result.output.value === "string"
                ? { type: "text" as const, value: result.output.value }
                : { type: "json" as const, value: result.output.value },
        })),
      };
  }
}

function describeInvalidCall(error: unknown, name: string, tools: PlaygroundTool[]): string {
  if (NoSuchToolError.isInstance(error)) {
    const names = tools.map((t) => t.name);
    return `the model called "${name}", which this server does not offer (its tools: ${names.length ? names.join(", ") : "none"})`;
  }
  if (InvalidToolInputError.isInstance(error)) return `the model's arguments for ${name} are not valid JSON: ${excerpt(error.toolInput)}`;
  return `the model's call of ${name} cannot be run: ${excerpt(error instanceof Error ? error.message : String(error))}`;
}

function excerpt(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
