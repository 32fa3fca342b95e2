/** An SSE event bigger than this is refused rather than buffered without end. */
export const MAX_EVENT_BYTES = 16 * 1024 * 1024;

/**
 * The JSON messages of a `text/event-stream` body, one per event, in order: `data:` lines joined,
 * comments and other fields skipped. Ends when the body does.
 */
export async function* sseMessages(body: ReadableStream<Uint8Array>): AsyncGenerator<unknown> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  try {
    for (;;) {
      const { done, value } = await reader.read();
      buffer += done ? decoder.decode() : decoder.decode(value, { stream: true });
      buffer = buffer.replace(/\r\n/g, "\n");
      let end: number;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const event = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = eventData(event);
        if (data !== undefined) yield JSON.parse(data);
      }
      if (buffer.length > MAX_EVENT_BYTES) throw new Error(`an SSE event is larger than ${MAX_EVENT_BYTES} bytes`);
      if (done) {
        const data = eventData(buffer);
        if (data !== undefined) yield JSON.parse(data);
        return;
      }
    }
  } finally {
    reader.releaseLock();
  }
}

function eventData(event: string): string | undefined {
  const lines = event.split("\n").filter((line) => line === "data" || line.startsWith("data:"));
  if (lines.length === 0) return undefined;
  return lines.map((line) => line.slice(5).replace(/^ /, "")).join("\n");
}
