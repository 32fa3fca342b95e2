import type { HttpReply } from "../../protocol/http-exchange.ts";

/**
 * Server-sent events without ids: the stateless revision resumes nothing, so each event is just
 * a `data:` line with one JSON-RPC message.
 */
export class EventStream {
  private constructor(private readonly res: HttpReply) {}

  static open(res: HttpReply): EventStream {
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache, no-transform", "x-accel-buffering": "no" });
    // Headers go out now, not with the first event: the client knows the stream is open.
    res.flushHeaders();
    return new EventStream(res);
  }

  get open(): boolean {
    return !this.res.writableEnded && !this.res.destroyed;
  }

  send(message: unknown): void {
    if (this.open) this.res.write(`data: ${JSON.stringify(message)}\n\n`);
  }

  /** A comment line: keeps idle proxies from closing the stream, and shows a dead one. */
  comment(text: string): void {
    if (this.open) this.res.write(`: ${text}\n\n`);
  }

  end(): void {
    if (this.open) this.res.end();
  }
}
