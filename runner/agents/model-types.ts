import type { LanguageModel } from "ai";

/**
 * The AI SDK's language model interface (v3), named here without depending on @ai-sdk/provider
 * directly: `ai` re-exports it only as part of the LanguageModel union.
 */
export type LanguageModelV3 = Extract<LanguageModel, { specificationVersion: "v3" }>;
export type ModelCallOptions = Parameters<LanguageModelV3["doStream"]>[0];
export type ModelPrompt = ModelCallOptions["prompt"];
export type ModelPromptMessage = ModelPrompt[number];
export type ModelStreamPart = Awaited<ReturnType<LanguageModelV3["doStream"]>>["stream"] extends ReadableStream<infer P> ? P : never;
export type ModelGenerateResult = Awaited<ReturnType<LanguageModelV3["doGenerate"]>>;
export type ModelUsage = Extract<ModelStreamPart, { type: "finish" }>["usage"];
export type ModelToolResultOutput = Extract<Extract<ModelPromptMessage, { role: "tool" }>["content"][number], { type: "tool-result" }>["output"];
