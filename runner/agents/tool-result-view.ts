/** An MCP tool result, shortened to what it says: structuredContent, else its text (JSON parsed). */
export function resultView(result: unknown): unknown {
  if (result === null || typeof result !== "object") return result;
  const value = result as { structuredContent?: unknown; content?: Array<{ type: string; text?: string }> };
  if (value.structuredContent !== undefined) return value.structuredContent;
  if (Array.isArray(value.content)) {
    const text = value.content.map((part) => (part.type === "text" ? (part.text ?? "") : JSON.stringify(part))).join("\n");
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return result;
}
