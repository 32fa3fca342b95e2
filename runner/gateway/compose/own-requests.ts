import type { Message, SessionPort } from "../../agent/session-mux.ts";
import type { JsonRpcId } from "../../protocol/jsonrpc.ts";

/**
 * Ids of the composite's own requests to its members (listing tools, setting the log level).
 * They travel on ports of their own, so they never meet a client's ids; the NUL makes them
 * easy to tell apart all the same.
 */
const OWN_ID_PREFIX = "\u0000compose:";

/** A member answered one of the composite's own requests with an error, or did not answer. */
export class MemberRequestError extends Error {
  constructor(
    message: string,
    readonly code?: number,
  ) {
    super(message);
    this.name = "MemberRequestError";
  }
}

interface Waiting {
  port: SessionPort;
  resolve(result: Record<string, unknown>): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/** The composite's own requests in flight, answered through `settle` by whoever reads the port. */
export class OwnRequests {
  private readonly waiting = new Map<string, Waiting>();
  private next = 0;

  ask(port: SessionPort, method: string, params: Record<string, unknown> | undefined, timeoutMs: number): Promise<Record<string, unknown>> {
    const id = `${OWN_ID_PREFIX}${this.next++}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        port.cancel(id, "timed out");
        reject(new MemberRequestError(`no answer to ${method} within ${Math.round(timeoutMs / 1000)} s`));
      }, timeoutMs);
      timer.unref();
      this.waiting.set(id, { port, resolve, reject, timer });
      const refused = port.send(params === undefined ? { jsonrpc: "2.0", id, method } : { jsonrpc: "2.0", id, method, params });
      if (refused) this.finish(id, refused as Message);
    });
  }

  /** Takes a reply to one of our requests; false for any other message. */
  settle(message: Message): boolean {
    if (message.method !== undefined || typeof message.id !== "string" || !message.id.startsWith(OWN_ID_PREFIX)) return false;
    this.finish(message.id, message);
    return true;
  }

  /** Every request on `port` fails now (its member is gone, or the composite let it go). */
  failOn(port: SessionPort, why: string): void {
    for (const [id, waiting] of this.waiting) {
      if (waiting.port !== port) continue;
      this.waiting.delete(id);
      clearTimeout(waiting.timer);
      waiting.reject(new MemberRequestError(why));
    }
  }

  private finish(id: JsonRpcId, message: Message): void {
    const waiting = this.waiting.get(id as string);
    if (!waiting) return;
    this.waiting.delete(id as string);
    clearTimeout(waiting.timer);
    const error = message.error as { code?: number; message?: string } | undefined;
    if (error) waiting.reject(new MemberRequestError(error.message ?? "the member answered with an error", error.code));
    else waiting.resolve((message.result ?? {}) as Record<string, unknown>);
  }
}

/** Pages of one list read at most; a server that pages forever is cut off there. */
const MAX_PAGES = 100;

/** Every item of a paginated list (tools/list and the like), following nextCursor. */
export async function readAllPages(requests: OwnRequests, port: SessionPort, method: string, key: string, timeoutMs: number): Promise<unknown[]> {
  const items: unknown[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const result = await requests.ask(port, method, cursor === undefined ? undefined : { cursor }, timeoutMs);
    const pageItems = result[key];
    if (Array.isArray(pageItems)) items.push(...pageItems);
    cursor = typeof result.nextCursor === "string" && result.nextCursor !== "" ? result.nextCursor : undefined;
    if (cursor === undefined) break;
  }
  return items;
}
