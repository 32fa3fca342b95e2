import { type ChildProcess, spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";

/** Real `switchyard <command>` processes for tests of several agents and gateways on one machine. */
export const PROJECT_ROOT = path.resolve(import.meta.dirname, "../..");

export interface CliProcess {
  child: ChildProcess;
  output: { stdout: string; stderr: string };
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** The caller's environment without anything Switchyard reads, so only what a test sets counts. */
function baseEnv(): Record<string, string> {
  const own = /^(SWITCHYARD_|REDIS_URL$|DATABASE_URL$|WEB_PORT$|GATEWAY_PORT$|AGENT_PORT$|LOG_LEVEL$)/;
  return Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined && !own.test(e[0])));
}

export function runCli(command: string, env: Record<string, string>): CliProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "cli/switchyard.ts", command], {
    cwd: PROJECT_ROOT,
    env: { ...baseEnv(), ...env } as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output = { stdout: "", stderr: "" };
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (output.stdout += chunk));
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (output.stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  return { child, output, exited };
}

/** Waits for `ready` on the process's stdout; fails with its output when it exits or takes too long. */
export async function waitReady(name: string, run: CliProcess, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  void run.exited.then((e) => (exit = e));
  while (!/ready/.test(run.output.stdout)) {
    if (exit) throw new Error(`${name} exited (${exit.code ?? exit.signal}) before it was ready:\n${run.output.stdout}${run.output.stderr}`);
    if (Date.now() > deadline) throw new Error(`${name} not ready within ${timeoutMs} ms:\n${run.output.stdout}${run.output.stderr}`);
    await sleep(50);
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
