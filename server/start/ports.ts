import net from "node:net";
import { StartupError } from "../errors.ts";

/** Fails fast, before any slow start-up work, when a port we need is taken. */
export async function ensurePortsFree(host: string, ports: Record<string, number>): Promise<void> {
  for (const [variable, port] of Object.entries(ports)) {
    await new Promise<void>((resolve, reject) => {
      const probe = net.createServer();
      probe.once("error", (error: NodeJS.ErrnoException) => reject(portError(variable, port, error)));
      probe.listen(port, host, () => probe.close(() => resolve()));
    });
  }
}

export function portError(variable: string, port: number, error: NodeJS.ErrnoException): Error {
  if (error.code === "EADDRINUSE") {
    return new StartupError(
      `startup error: port ${port} (${variable}) is already in use by another process — stop it, or choose a free port, e.g. ${variable}=${port + 1}`,
    );
  }
  if (error.code === "EACCES") {
    return new StartupError(`startup error: no permission to listen on port ${port} (${variable}) — choose a port above 1024, e.g. ${variable}=${port + 8000}`);
  }
  return new StartupError(`startup error: cannot listen on port ${port} (${variable}): ${error.message}`);
}
