/**
 * The bench's HTTP/1.1 client: keep-alive connections, one request at a time on each, every
 * request written in one piece and every response read whole (Content-Length, chunked, or up to
 * the close). Written by hand because the load client shares this machine's 2 cores with the
 * systems it measures, so its own cost holds them all down: node:http's client cost ~100 µs of
 * CPU per call and undici's ~55 µs, and with undici as the client the gateway served ~10k calls/s
 * where wrk (C) drove it to ~27k. This one costs about as much as the WebSocket client.
 * It is a load client for servers we know, not a general HTTP client: no redirects, no
 * Expect/Upgrade, no pipelining, no TLS.
 */
import net from "node:net";

export interface HttpResponse {
  status: number;
  /** Lower-cased names; a repeated header keeps its last value. */
  headers: Record<string, string>;
  body: string;
}

export type ResponseCallback = (error: Error | undefined, response?: HttpResponse) => void;

export interface HttpPoolOptions {
  /** Connections opened at most; requests wait for a free one beyond that. */
  connections: number;
  /** Close each connection after its response (then an idle session holds no socket). */
  closeEach?: boolean;
}

interface PendingRequest {
  text: string;
  done: ResponseCallback;
}

const HEAD_END = Buffer.from("\r\n\r\n");
const CRLF = Buffer.from("\r\n");

export class HttpPool {
  private readonly host: string;
  private readonly port: number;
  private readonly idle: Connection[] = [];
  private readonly waiting: PendingRequest[] = [];
  private open = 0;
  private closed = false;

  constructor(
    origin: string | URL,
    private readonly options: HttpPoolOptions,
  ) {
    const url = new URL(origin);
    if (url.protocol !== "http:") throw new Error(`HttpPool: ${url.protocol} is not supported, only http:`);
    this.host = url.hostname;
    this.port = Number(url.port || 80);
  }

  /** Sends `method path` with `headers` (complete "name: value\r\n" lines) and `body`; `done` gets the whole response. */
  request(method: string, path: string, headers: string, body: string | undefined, done: ResponseCallback): void {
    if (this.closed) return done(new Error("the pool is closed"));
    const length = body === undefined ? "" : `content-length: ${Buffer.byteLength(body)}\r\n`;
    const connection = this.options.closeEach ? "connection: close\r\n" : "";
    const text = `${method} ${path} HTTP/1.1\r\nhost: ${this.host}:${this.port}\r\n${connection}${headers}${length}\r\n${body ?? ""}`;
    this.dispatch({ text, done });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.waiting.splice(0)) pending.done(new Error("the pool is closed"));
    for (const connection of this.idle.splice(0)) connection.socket.destroy();
  }

  /** Called by a connection when its response is complete and it may take another request. */
  released(connection: Connection): void {
    const next = this.waiting.shift();
    if (next) connection.send(next);
    else this.idle.push(connection);
  }

  /** Called by a connection that closed or failed: it takes no more requests. */
  lost(connection: Connection): void {
    this.open--;
    const at = this.idle.indexOf(connection);
    if (at !== -1) this.idle.splice(at, 1);
    const next = this.waiting.shift();
    if (next) this.dispatch(next);
  }

  private dispatch(pending: PendingRequest): void {
    const connection = this.idle.pop();
    if (connection) return connection.send(pending);
    if (this.open >= this.options.connections) return void this.waiting.push(pending);
    this.open++;
    new Connection(this, net.connect({ host: this.host, port: this.port, noDelay: true }), this.options.closeEach === true).send(pending);
  }
}

class Connection {
  private buffered: Buffer | undefined;
  private current: PendingRequest | undefined;
  private gone = false;

  constructor(
    private readonly pool: HttpPool,
    readonly socket: net.Socket,
    private readonly closeEach: boolean,
  ) {
    socket.on("data", (chunk: Buffer) => this.received(chunk));
    socket.on("error", (error) => this.end(error));
    socket.on("close", () => this.end(undefined));
  }

  send(pending: PendingRequest): void {
    this.current = pending;
    this.socket.write(pending.text);
  }

  private received(chunk: Buffer): void {
    this.buffered = this.buffered ? Buffer.concat([this.buffered, chunk]) : chunk;
    const current = this.current;
    if (!current) return;
    let read: { response: HttpResponse; length: number } | undefined;
    try {
      read = readResponse(this.buffered, false);
    } catch (error) {
      return void this.socket.destroy(error as Error);
    }
    if (!read) return;
    this.buffered = read.length < this.buffered.length ? this.buffered.subarray(read.length) : undefined;
    this.current = undefined;
    const reusable = !this.closeEach && read.response.headers.connection !== "close";
    if (reusable) this.pool.released(this);
    else this.socket.end();
    current.done(undefined, read.response);
  }

  private end(error: Error | undefined): void {
    if (this.gone) return;
    this.gone = true;
    const current = this.current;
    this.current = undefined;
    this.pool.lost(this);
    if (!current) return;
    // A response without a length ends with its connection.
    const read = !error && this.buffered ? safely(() => readResponse(this.buffered!, true)) : undefined;
    if (read) current.done(undefined, read.response);
    else current.done(error ?? new Error("the connection closed before the response was complete"));
  }
}

function safely<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

/** The response at the start of `buffer` and its length in bytes, or undefined until all of it is there. */
function readResponse(buffer: Buffer, atClose: boolean): { response: HttpResponse; length: number } | undefined {
  const headEnd = buffer.indexOf(HEAD_END);
  if (headEnd === -1) return undefined;
  const lines = buffer.toString("latin1", 0, headEnd).split("\r\n");
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0]!);
  if (!status) throw new Error(`not an HTTP/1.1 status line: ${JSON.stringify(lines[0]!.slice(0, 60))}`);
  const headers: Record<string, string> = {};
  for (let i = 1; i < lines.length; i++) {
    const colon = lines[i]!.indexOf(":");
    if (colon > 0) headers[lines[i]!.slice(0, colon).toLowerCase()] = lines[i]!.slice(colon + 1).trim();
  }
  const bodyStart = headEnd + 4;
  const code = Number(status[1]);
  if (code === 204 || code === 304) return { response: { status: code, headers, body: "" }, length: bodyStart };
  if (headers["transfer-encoding"]?.toLowerCase() === "chunked") {
    const chunked = readChunked(buffer, bodyStart);
    return chunked && { response: { status: code, headers, body: chunked.body }, length: chunked.end };
  }
  const declared = headers["content-length"];
  if (declared !== undefined) {
    const end = bodyStart + Number(declared);
    if (buffer.length < end) return undefined;
    return { response: { status: code, headers, body: buffer.toString("utf8", bodyStart, end) }, length: end };
  }
  return atClose ? { response: { status: code, headers, body: buffer.toString("utf8", bodyStart) }, length: buffer.length } : undefined;
}

/** A chunked body from `from` on, and where it ends (after its last chunk and trailers), once it is all there. */
function readChunked(buffer: Buffer, from: number): { body: string; end: number } | undefined {
  const pieces: Buffer[] = [];
  let at = from;
  for (;;) {
    const lineEnd = buffer.indexOf(CRLF, at);
    if (lineEnd === -1) return undefined;
    const size = Number.parseInt(buffer.toString("latin1", at, lineEnd), 16);
    if (Number.isNaN(size)) throw new Error("a chunk size that is not hexadecimal");
    if (size === 0) {
      const trailersEnd = buffer.indexOf(CRLF, lineEnd + 2) === lineEnd + 2 ? lineEnd + 4 : buffer.indexOf(HEAD_END, lineEnd) + 4;
      if (trailersEnd < lineEnd + 4 || trailersEnd > buffer.length) return undefined;
      return { body: Buffer.concat(pieces).toString("utf8"), end: trailersEnd };
    }
    const dataEnd = lineEnd + 2 + size;
    if (buffer.length < dataEnd + 2) return undefined;
    pieces.push(buffer.subarray(lineEnd + 2, dataEnd));
    at = dataEnd + 2;
  }
}
