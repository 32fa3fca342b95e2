import type { HttpReply } from "../../protocol/http-exchange.ts";

/** Server-sent events on one HTTP response: `id:` and `data:` lines, one JSON-RPC message each. */
export class SseWriter {
  constructor(private readonly res: HttpReply) {}

  static open(res: HttpReply, headers: Record<string, string> = {}): SseWriter {
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache, no-transform", "x-accel-buffering": "no", ...headers });
    // Headers go out now, not with the first event: the client knows the stream is open.
    res.flushHeaders();
    return new SseWriter(res);
  }

  get open(): boolean {
    return !this.res.writableEnded && !this.res.destroyed;
  }

  event(id: string, data: string): void {
    if (this.open) this.res.write(`id: ${id}\ndata: ${data}\n\n`);
  }

  /** A comment line: keeps idle proxies from closing the stream, and shows a dead one. */
  comment(text: string): void {
    if (this.open) this.res.write(`: ${text}\n\n`);
  }

  end(): void {
    if (this.open) this.res.end();
  }
}
