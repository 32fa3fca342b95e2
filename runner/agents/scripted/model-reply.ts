import type { ModelGenerateResult, ModelStreamPart } from "../model-types.ts";

export type ModelContent = ModelGenerateResult["content"];
export type ModelFinish = Extract<ModelStreamPart, { type: "finish" }>;

/** What an offline model decided to answer: its content parts and the finish that closes them. */
export interface ModelReply {
  content: ModelContent;
  finish: ModelFinish;
}

/** The reply as doGenerate returns it. */
export function generatedReply({ content, finish }: ModelReply): ModelGenerateResult {
  return { content, finishReason: finish.finishReason, usage: finish.usage, providerMetadata: finish.providerMetadata, warnings: [] };
}

/** The reply as doStream returns it, each text part cut into deltas by `deltas`. */
export function streamedReply(modelId: string, { content, finish }: ModelReply, deltas: (text: string) => string[]): { stream: ReadableStream<ModelStreamPart> } {
  const parts: ModelStreamPart[] = [{ type: "stream-start", warnings: [] }, { type: "response-metadata", modelId }];
  for (const [index, part] of content.entries()) {
    if (part.type === "text") {
      const id = `text-${index}`;
      parts.push({ type: "text-start", id });
      for (const delta of deltas(part.text)) parts.push({ type: "text-delta", id, delta });
      parts.push({ type: "text-end", id });
    } else if (part.type === "tool-call") {
      parts.push(part);
    }
  }
  parts.push(finish);
  let next = 0;
  return {
    stream: new ReadableStream<ModelStreamPart>({
      pull(controller) {
        if (next < parts.length) controller.enqueue(parts[next++]!);
        else controller.close();
      },
    }),
  };
}
