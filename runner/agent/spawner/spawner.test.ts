import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { ProcessSpec } from "../process-spec.ts";
import { type ChildExit, Spawner } from "./spawner.ts";

const PROJECT_ROOT = path.resolve(import.meta.dirname, "../../..");
const shell = (script: string): ProcessSpec => ({ command: "/bin/sh", args: ["-c", script], env: {}, cwd: "/" });

/** A process is running unless it is gone or a zombie: an orphan's reaper may be slow, or absent in a container. */
function isRunning(pid: number): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.[0] !== "Z";
  } catch {
    return false;
  }
}

/** Runs TypeScript in a fresh node whose own process tree the test can kill. */
function runScript(code: string) {
  return spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], { cwd: PROJECT_ROOT, stdio: ["ignore", "pipe", "inherit"] });
}

/** Running processes whose command line holds `arg`. */
function runningWith(arg: string): number[] {
  return fs.readdirSync("/proc").flatMap((entry) => {
    if (!/^\d+$/.test(entry)) return [];
    try {
      return fs.readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0").includes(arg) && isRunning(Number(entry)) ? [Number(entry)] : [];
    } catch {
      return [];
    }
  });
}

const spawners: Spawner[] = [];
afterEach(() => {
  for (const spawner of spawners.splice(0)) if (spawner.pid !== undefined && isRunning(spawner.pid)) process.kill(spawner.pid, "SIGKILL");
});

function newSpawner(): Spawner {
  const spawner = new Spawner();
  spawners.push(spawner);
  return spawner;
}

interface Seen {
  stdout: string;
  stderr: string;
  pid?: number;
  exit?: ChildExit;
}

function launch(spawner: Spawner, spec: ProcessSpec): Seen {
  const seen: Seen = { stdout: "", stderr: "" };
  spawner.launch(spec, {
    started: ({ stdout, stderr, stdin }, pid) => {
      seen.pid = pid;
      stdin?.on("error", () => {});
      stdout.setEncoding("utf8").on("data", (text: string) => (seen.stdout += text));
      stderr.setEncoding("utf8").on("data", (text: string) => (seen.stderr += text));
    },
    ended: (exit) => (seen.exit = exit),
  });
  return seen;
}

describe("Spawner", () => {
  it("loses no output of processes that write as soon as they start, however many start at once", async () => {
    const spawner = newSpawner();
    const runs = Array.from({ length: 40 }, (_, n) => launch(spawner, shell(`echo out-${n}; echo err-${n} >&2; exit ${n % 3}`)));
    await expect.poll(() => runs.every((run) => run.exit !== undefined), { timeout: 20_000 }).toBe(true);
    runs.forEach((run, n) => {
      expect(run).toMatchObject({ stdout: `out-${n}\n`, stderr: `err-${n}\n`, exit: { code: n % 3, signal: null } });
      expect(run.pid).not.toBe(spawner.pid);
    });
  });

  it("reports a command that cannot start, and goes on starting others", async () => {
    const spawner = newSpawner();
    const missing = launch(spawner, { command: "/nonexistent/binary", args: [], env: {}, cwd: "/" });
    const fine = launch(spawner, shell("echo fine"));
    await expect.poll(() => missing.exit && fine.exit).toBeTruthy();
    expect(missing.exit?.reason).toMatch(/^could not start: spawn \/nonexistent\/binary ENOENT/);
    expect(fine.stdout).toBe("fine\n");
  });

  it("ends its processes with a clear reason when the helper dies, and starts a new helper for the next", async () => {
    const spawner = newSpawner();
    const running = launch(spawner, shell("echo up; exec sleep 60"));
    await expect.poll(() => running.stdout).toBe("up\n");
    const firstHelper = spawner.pid!;
    process.kill(firstHelper, "SIGKILL");
    await expect.poll(() => running.exit).toEqual({ code: null, signal: null, reason: "the process spawner was killed by SIGKILL" });
    await expect.poll(() => isRunning(running.pid!)).toBe(false);
    const next = launch(spawner, shell("echo again"));
    await expect.poll(() => next.exit?.code).toBe(0);
    expect(next.stdout).toBe("again\n");
    expect(spawner.pid).not.toBe(firstHelper);
  });

  it("stop() ends the helper and whatever still runs under it", async () => {
    const spawner = newSpawner();
    const running = launch(spawner, shell("echo up; exec sleep 60"));
    await expect.poll(() => running.stdout).toBe("up\n");
    const helper = spawner.pid!;
    await spawner.stop();
    expect(isRunning(helper)).toBe(false);
    expect(running.exit).toEqual({ code: null, signal: null, reason: "the process spawner exited with code 0" });
    await expect.poll(() => isRunning(running.pid!)).toBe(false);
  });

  it("stop() right after a launch ends the helper and that launch's process, whose sockets were still on their way", async () => {
    const spawner = newSpawner();
    const first = launch(spawner, shell("echo up; exec sleep 60"));
    await expect.poll(() => first.stdout).toBe("up\n");
    const helper = spawner.pid!;
    // The helper reads the spawn and the end of its channel together: the new process's sockets are
    // sent, and their acknowledgement can no longer come.
    const seconds = `${60 + Math.random()}`;
    spawner.launch(shell(`exec sleep ${seconds}`), { started: () => {}, ended: () => {} });
    await spawner.stop();
    expect(isRunning(helper)).toBe(false);
    await expect.poll(() => isRunning(first.pid!)).toBe(false);
    await expect.poll(() => runningWith(seconds)).toEqual([]);
  });

  it("takes its processes down with the program that launched them, if that program is killed", async () => {
    const program = runScript(
      `import { StdioProcess } from "./runner/agent/stdio-process.ts";
       const server = new StdioProcess({ command: "/bin/sh", args: ["-c", "trap '' TERM; echo up; exec sleep 60"], env: {}, cwd: "/" });
       server.onLine = () => console.log(server.pid);`,
    );
    let output = "";
    program.stdout.setEncoding("utf8").on("data", (text: string) => (output += text));
    await expect.poll(() => output, { timeout: 10_000 }).toMatch(/^\d+\n/);
    const serverPid = Number(output.trim());
    expect(isRunning(serverPid)).toBe(true);
    program.kill("SIGKILL");
    await expect.poll(() => isRunning(serverPid), { timeout: 10_000 }).toBe(false);
  });

  it("does not keep a program running once its processes have ended", () => {
    const output = execFileSync(
      process.execPath,
      [
        "--import",
        "tsx",
        "--input-type=module",
        "-e",
        `import { StdioProcess } from "./runner/agent/stdio-process.ts";
         const server = new StdioProcess({ command: "/bin/sh", args: ["-c", "echo done"], env: {}, cwd: "/" });
         server.onExit = (exit) => console.log(exit.reason);`,
      ],
      { cwd: PROJECT_ROOT, encoding: "utf8", timeout: 15_000 },
    );
    expect(output).toBe("exited with code 0\n");
  });
});
