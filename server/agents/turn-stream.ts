import type { TurnEvent, TurnOutcome } from "../../runner/agents/events.ts";

/** A comment line every this often, so proxies do not close a turn's stream while a tool runs. */
const KEEP_ALIVE_MS = 15_000;

/**
 * Runs a turn and streams its events as Server-Sent Events: `event: <type>` and `data: <json>`
 * per event (types in runner/agents/events.ts), ending with `turn-finish`. The turn is started
 * first and the response returned only once it is under way, so a refusal (unknown conversation,
 * a turn already running, a confirmation pending) is an ordinary JSON error with its status,
 * thrown from here. A client that goes away does not stop the turn: it finishes and is stored.
 */
export async function streamTurn(start: (onEvent: (event: TurnEvent) => void) => Promise<TurnOutcome>): Promise<Response> {
  const encoder = new TextEncoder();
  const buffered: Uint8Array[] = [];
  let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  let closed = false;
  let sequence = 0;
  const write = (chunk: string) => {
    if (closed) return;
    const bytes = encoder.encode(chunk);
    if (!controller) {
      buffered.push(bytes);
      return;
    }
    try {
      controller.enqueue(bytes);
    } catch {
      closed = true;
    }
  };
  let started: () => void = () => {};
  const underway = new Promise<void>((resolve) => {
    started = resolve;
  });
  const turn = start((event) => {
    write(`id: ${++sequence}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    started();
  });
  // Either the turn got going (its first event) or it was refused before doing anything.
  await Promise.race([underway, turn]);

  const keepAlive = setInterval(() => write(": keep-alive\n\n"), KEEP_ALIVE_MS);
  const finish = () => {
    clearInterval(keepAlive);
    if (closed) return;
    closed = true;
    try {
      controller?.close();
    } catch {
      // Already closed by the client going away.
    }
  };
  turn.then(finish, (error: unknown) => {
    write(`event: error\ndata: ${JSON.stringify({ type: "error", message: (error as Error).message })}\n\n`);
    finish();
  });
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
      for (const bytes of buffered.splice(0)) c.enqueue(bytes);
      if (closed) c.close();
    },
    cancel() {
      closed = true;
      clearInterval(keepAlive);
    },
  });
  return new Response(body, {
    headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache, no-transform", "x-accel-buffering": "no" },
  });
}
