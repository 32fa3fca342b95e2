/** How long a new session takes to become usable: open (and initialize) it, then close it, n times. */
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import type { LightSession } from "./clients/rpc-session.ts";
import { SETTINGS } from "./settings.ts";

export interface SessionStarts {
  label: string;
  attempted: number;
  errors: number;
  /** ms from asking to the initialize reply. */
  latencies: number[];
  firstProblem?: string;
}

/**
 * The gateway retires a process when its session ends and refills its warm pool in the
 * background (a spawn takes ~0.5 s here); back to back, samples would land warm or cold by
 * chance. Spaced out, each one measures a session on a warm pool.
 */
const GAP_MS = 1000;

export async function timeSessionStarts(label: string, open: () => Promise<LightSession>): Promise<SessionStarts> {
  const starts: SessionStarts = { label, attempted: 0, errors: 0, latencies: [] };
  const deadline = performance.now() + SETTINGS.maxScenarioMs;
  while (starts.attempted < SETTINGS.sessionStartSamples && performance.now() < deadline) {
    if (starts.attempted > 0) await sleep(GAP_MS);
    starts.attempted++;
    const t0 = performance.now();
    try {
      const session = await open();
      starts.latencies.push(performance.now() - t0);
      await session.close();
    } catch (error) {
      starts.errors++;
      starts.firstProblem ??= (error as Error).message;
    }
  }
  return starts;
}
