import { randomUUID } from "node:crypto";
import { estimateTokens } from "../context-window.ts";
import type { LanguageModelV3, ModelCallOptions, ModelGenerateResult, ModelStreamPart, ModelUsage } from "../model-types.ts";
import { buildArguments, type OfferedTool, pickTool } from "./playground-args.ts";
import { type ModelContent, type ModelReply, generatedReply, streamedReply } from "./model-reply.ts";
import { type SeenCall, viewPrompt } from "./prompt-view.ts";
import { SCRIPTED_PROVIDER } from "./scripted-model.ts";

/** Longest excerpt of a tool's result the model repeats in its answer. */
const SUMMARY_CHARS = 600;

/**
 * The bench playground's offline model: it needs no script of its own, since it reads the tools
 * it is offered. For each user message it calls at most one tool — the one the message names
 * (playground-args.ts says how the tool is found and its arguments built) — then answers with
 * what the tool returned, or why it failed. A message that names no tool gets the list of tools.
 * Deterministic: the same message and tools make the same call and the same answer; usage is the
 * ~4 characters per token estimate the scripted models share.
 */
export class PlaygroundModel implements LanguageModelV3 {
  readonly specificationVersion = "v3";
  readonly provider = SCRIPTED_PROVIDER;
  readonly modelId = "playground";
  readonly supportedUrls = {};

  constructor(private readonly newCallId: () => string = () => `call_${randomUUID().replaceAll("-", "").slice(0, 16)}`) {}

  async doGenerate(options: ModelCallOptions): Promise<ModelGenerateResult> {
    return generatedReply(this.respond(options));
  }

  async doStream(options: ModelCallOptions): Promise<{ stream: ReadableStream<ModelStreamPart> }> {
    return streamedReply(this.modelId, this.respond(options), (text) => [text]);
  }

  private respond(options: ModelCallOptions): ModelReply {
    options.abortSignal?.throwIfAborted();
    const tools: OfferedTool[] = (options.tools ?? []).flatMap((tool) => (tool.type === "function" ? [{ name: tool.name, inputSchema: tool.inputSchema }] : []));
    const view = viewPrompt(options.prompt);
    const answered = view.turn.findLast((call) => call.result);
    const content: ModelContent = [];
    let rule: string;
    if (answered) {
      rule = "summarize";
      content.push({ type: "text", text: summarize(answered) });
    } else {
      const picked = pickTool(view.user, tools);
      if (picked) {
        rule = picked.unknown ? "call-unknown" : "call";
        const schema = tools.find((tool) => tool.name === picked.name)?.inputSchema;
        const args = buildArguments(schema, view.user, view.user.slice(picked.end));
        content.push({ type: "text", text: `Calling ${picked.name}.` });
        content.push({ type: "tool-call", toolCallId: this.newCallId(), toolName: picked.name, input: JSON.stringify(args) });
      } else {
        rule = "list-tools";
        content.push({ type: "text", text: toolList(tools) });
      }
    }
    const calls = content.some((part) => part.type === "tool-call");
    const output = content.map((part) => (part.type === "text" ? part.text : part.type === "tool-call" ? `${part.toolName}${part.input}` : "")).join("");
    return {
      content,
      finish: {
        type: "finish",
        finishReason: { unified: calls ? "tool-calls" : "stop", raw: calls ? "tool_calls" : "stop" },
        usage: usage(estimateTokens(options.prompt) + estimateTokens(options.tools ?? []), estimateTokens(output)),
        providerMetadata: { switchyard: { script: "playground", rule } },
      },
    };
  }
}

function summarize(call: SeenCall): string {
  const { value, isError } = call.result!;
  const text = typeof value === "string" ? value : JSON.stringify(value);
  const excerpt = text.length > SUMMARY_CHARS ? `${text.slice(0, SUMMARY_CHARS)}…` : text;
  return isError ? `${call.tool} failed: ${excerpt}` : `${call.tool} answered: ${excerpt}`;
}

function toolList(tools: readonly OfferedTool[]): string {
  if (tools.length === 0) return "This server offers no tools, so there is nothing I can call.";
  const names = tools.map((tool) => tool.name);
  return `Name a tool in your message and I will call it, e.g. "${names[0]} …". This server's tools: ${names.join(", ")}.`;
}

function usage(input: number, output: number): ModelUsage {
  return {
    inputTokens: { total: input, noCache: input, cacheRead: undefined, cacheWrite: undefined },
    outputTokens: { total: output, text: output, reasoning: undefined },
  };
}
