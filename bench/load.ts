/**
 * Echo calls on open sessions, a fixed number of them in flight per session, every reply checked
 * to be `Echo: <the exact message sent>`; the peer process's CPU time is read around the run.
 */
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import type { RpcSession } from "./clients/rpc-session.ts";
import { cpuMicros } from "./proc-stat.ts";

export interface Tally {
  planned: number;
  attempted: number;
  ok: number;
  /** JSON-RPC errors, HTTP errors, failed sends. */
  errors: number;
  /** Replies with another request's text, and replies to no request in flight on that session. */
  wrong: number;
  /** Of `wrong`, the replies to no request in flight on their session. */
  strays: number;
  /** Requests whose reply never came (timed out, or its stream or connection ended first). */
  lost: number;
  /** Of successful calls, in ms. */
  latencies: number[];
  seconds: number;
  /** CPU time of the peer process (gateway or supergateway) over the run; NaN without one. */
  cpuMicros: number;
  /** Calls/s, when the tally combines rounds (the median round's); otherwise ok ÷ seconds. */
  rate?: number;
  /** CPU µs per successful call, when the tally combines rounds (the median round's); otherwise cpuMicros ÷ ok. */
  cpuPerCall?: number;
  firstProblem?: string;
}

export interface LoadOptions {
  /** Calls in flight on each session. */
  inFlight: number;
  /** Calls in all, across the sessions. */
  calls: number;
  maxMs: number;
  /** The process whose CPU time the calls cost (the gateway child, supergateway). */
  cpuPid?: number;
}

export async function runLoad(sessions: RpcSession[], options: LoadOptions): Promise<Tally> {
  const tally: Tally = { planned: options.calls, attempted: 0, ok: 0, errors: 0, wrong: 0, strays: 0, lost: 0, latencies: [], seconds: 0, cpuMicros: Number.NaN };
  const tag = randomBytes(4).toString("hex");
  const straysBefore = sessions.map((s) => s.strays);
  const cpuBefore = options.cpuPid === undefined ? Number.NaN : cpuMicros(options.cpuPid);
  const started = performance.now();
  const deadline = started + options.maxMs;

  const worker = async (rpc: RpcSession, session: number): Promise<void> => {
    while (tally.attempted < options.calls && performance.now() < deadline) {
      // Unique across sessions, so a reply delivered to the wrong session cannot pass as right.
      const message = `${tag}-s${session}-${tally.attempted++}`;
      const sentAt = performance.now();
      const reply = await rpc.request("tools/call", { name: "echo", arguments: { message } });
      if (reply.kind === "result") {
        if (echoText(reply.result) === `Echo: ${message}`) {
          tally.ok++;
          tally.latencies.push(performance.now() - sentAt);
        } else {
          tally.wrong++;
          tally.firstProblem ??= `wrong reply: ${JSON.stringify(reply.result).slice(0, 160)}`;
        }
      } else {
        tally[reply.kind === "lost" ? "lost" : "errors"]++;
        tally.firstProblem ??= `${reply.kind}: ${reply.why}`;
      }
    }
  };
  await Promise.all(sessions.flatMap((rpc, session) => Array.from({ length: options.inFlight }, () => worker(rpc, session))));

  tally.seconds = (performance.now() - started) / 1000;
  if (options.cpuPid !== undefined) tally.cpuMicros = cpuMicros(options.cpuPid) - cpuBefore;
  tally.strays = sessions.reduce((sum, s, i) => sum + s.strays - straysBefore[i]!, 0);
  tally.wrong += tally.strays;
  return tally;
}

function echoText(result: unknown): string | undefined {
  const first = (result as { content?: Array<{ type?: string; text?: string }> } | undefined)?.content?.[0];
  return first?.type === "text" ? first.text : undefined;
}
