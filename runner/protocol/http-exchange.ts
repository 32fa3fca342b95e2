import type { IncomingHttpHeaders } from "node:http";

/**
 * What the MCP endpoints use of a request: node:http's IncomingMessage is one, and so is the
 * gateway's fast path (runner/gateway/fast-http), which hands over the body already read.
 */
export interface HttpRequestHead {
  method?: string;
  url?: string;
  headers: IncomingHttpHeaders;
  /** The whole body, when the transport read it before routing (the fast path does). */
  body?: Buffer;
}

/** What the MCP endpoints use of a response: node:http's ServerResponse, or the fast path's. */
export interface HttpReply {
  statusCode: number;
  readonly headersSent: boolean;
  readonly writableEnded: boolean;
  readonly destroyed: boolean;
  writeHead(status: number, headers?: Record<string, string | number>): this;
  /** Sends the head now, before any body (an event stream's client learns that it is open). */
  flushHeaders(): void;
  write(chunk: string): boolean;
  end(chunk?: string): this;
  /** `finish`: all of it was handed to the socket; `close`: it ended, finished or not. */
  once(event: "close" | "finish", listener: () => void): this;
  on(event: "close", listener: () => void): this;
}
