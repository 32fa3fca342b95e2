import type { Logger } from "../server/log/logger.ts";
import type { Cleanup } from "../server/start/wire-gateway.ts";

/** What the CLI's long-running commands print, and how they stop on Ctrl-C or a service manager's SIGTERM. */
export const say = (line: string) => process.stdout.write(`switchyard: ${line}\n`);

/**
 * On SIGINT/SIGTERM runs `cleanups` once, newest first (each part registers how to stop it as
 * soon as it runs; one that fails is logged and the rest still run), then exits; a second signal
 * or 4.5 s forces the exit. `now()` runs them without exiting, for a start-up that failed.
 */
export function onShutdown(cleanups: Cleanup[], log: Logger): { now: () => Promise<void> } {
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) {
      await Promise.resolve()
        .then(cleanup)
        .catch((error: unknown) => log.error({ err: error }, "a part failed to stop cleanly"));
    }
  };
  let running: Promise<void> | undefined;
  const now = () => (running ??= stop());
  const handler = (signal: NodeJS.Signals) => {
    if (running) process.exit(130);
    say(`${signal}: stopping …`);
    setTimeout(() => {
      say("still stopping after 4.5 s; exiting anyway");
      process.exit(1);
    }, 4500).unref();
    now().then(
      () => {
        say("stopped");
        process.exit(0);
      },
      () => process.exit(1),
    );
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
  return { now };
}
