import { randomUUID } from "node:crypto";
import { estimateTokens } from "../context-window.ts";
import type { LanguageModelV3, ModelCallOptions, ModelGenerateResult, ModelStreamPart, ModelUsage } from "../model-types.ts";
import { type ModelContent, type ModelReply, generatedReply, streamedReply } from "./model-reply.ts";
import { viewPrompt } from "./prompt-view.ts";
import { decide } from "./rules.ts";
import type { ModelScript } from "./script.ts";

export const SCRIPTED_PROVIDER = "switchyard.scripted";

/**
 * A language model that follows a script (see script.ts) instead of predicting text: the default
 * model of every agent, deterministic and offline. It implements the AI SDK's model interface, so
 * the tool loop, approvals and budgets run exactly as with a hosted model. Token usage is the same
 * estimate the context policy uses (~4 characters per token), so budgets are exercised too.
 *
 * Tool call ids are random (the AI SDK needs them unique); everything else is a pure function of
 * the prompt. Which rule fired is reported in providerMetadata.switchyard.rule.
 */
export class ScriptedModel implements LanguageModelV3 {
  readonly specificationVersion = "v3";
  readonly provider = SCRIPTED_PROVIDER;
  readonly modelId: string;
  readonly supportedUrls = {};

  constructor(
    private readonly script: ModelScript,
    private readonly newCallId: () => string = () => `call_${randomUUID().replaceAll("-", "").slice(0, 16)}`,
  ) {
    this.modelId = `script:${script.id}`;
  }

  async doGenerate(options: ModelCallOptions): Promise<ModelGenerateResult> {
    return generatedReply(this.respond(options));
  }

  async doStream(options: ModelCallOptions): Promise<{ stream: ReadableStream<ModelStreamPart> }> {
    // Word by word, so a client watching the stream sees it arrive as it would from a real model.
    return streamedReply(this.modelId, this.respond(options), (text) => text.match(/\S+\s*|\s+/g) ?? []);
  }

  private respond(options: ModelCallOptions): ModelReply {
    options.abortSignal?.throwIfAborted();
    const decision = decide(this.script, viewPrompt(options.prompt));
    const { action } = decision;
    const content: ModelContent = [];
    if ("say" in action && action.say) content.push({ type: "text", text: action.say });
    if ("call" in action) {
      for (const call of action.call) content.push({ type: "tool-call", toolCallId: this.newCallId(), toolName: call.tool, input: JSON.stringify(call.args) });
    }
    if ("malformedCall" in action) {
      content.push({ type: "tool-call", toolCallId: this.newCallId(), toolName: action.malformedCall.tool, input: action.malformedCall.input });
    }
    const calls = content.some((part) => part.type === "tool-call");
    const output = content.map((part) => (part.type === "text" ? part.text : part.type === "tool-call" ? `${part.toolName}${part.input}` : "")).join("");
    return {
      content,
      finish: {
        type: "finish",
        finishReason: { unified: calls ? "tool-calls" : "stop", raw: calls ? "tool_calls" : "stop" },
        usage: usage(estimateTokens(options.prompt) + estimateTokens(options.tools ?? []), estimateTokens(output)),
        providerMetadata: { switchyard: { script: this.script.id, rule: decision.rule ?? "fallback" } },
      },
    };
  }
}

function usage(input: number, output: number): ModelUsage {
  return {
    inputTokens: { total: input, noCache: input, cacheRead: undefined, cacheWrite: undefined },
    outputTokens: { total: output, text: output, reasoning: undefined },
  };
}
