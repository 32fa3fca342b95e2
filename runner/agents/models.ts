import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import type { LanguageModelV3 } from "./model-types.ts";
import type { ModelScript } from "./scripted/script.ts";
import { ScriptedModel } from "./scripted/scripted-model.ts";

/** A scripted model from a registry of scripts (the cases' scripts, in the product). */
export function scriptedModel(scripts: ReadonlyMap<string, ModelScript>, id: string): LanguageModelV3 {
  const script = scripts.get(id);
  if (!script) throw new Error(`no model script "${id}"; the scripts are ${[...scripts.keys()].join(", ") || "none"}`);
  return new ScriptedModel(script);
}

export interface EndpointModelOptions {
  /** The chat-completions API's base URL, e.g. https://api.openai.com/v1 or http://127.0.0.1:11434/v1. */
  baseUrl: string;
  /** Sent as `Authorization: Bearer <key>`; an endpoint without auth (a local server) needs none. */
  apiKey: string | undefined;
  model: string;
}

/** A model behind any OpenAI-compatible chat-completions endpoint, with the tenant's own key. */
export function endpointModel(options: EndpointModelOptions): LanguageModelV3 {
  const provider = createOpenAICompatible({
    name: "openai-compatible",
    baseURL: options.baseUrl.replace(/\/+$/, ""),
    ...(options.apiKey ? { apiKey: options.apiKey } : {}),
    // Token usage in streamed replies too, for the token budget.
    includeUsage: true,
  });
  return provider.chatModel(options.model);
}
