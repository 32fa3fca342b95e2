import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { ProcessSpec } from "../process-spec.ts";
import { type ProcessExit, StdioProcess } from "../stdio-process.ts";
import { groupMembers } from "./cgroup.ts";
import { describeIsolation, detectIsolation, type IsolationSupport } from "./detect.ts";
import { ADDRESS_SPACE_HEADROOM, type Isolated, isolate, prlimitFlags } from "./isolate.ts";
import { DEFAULT_LIMITS, type Limits } from "./limits.ts";
import type { SandboxOptions } from "./sandbox.ts";

const support = await detectIsolation();
const MiB = 1024 * 1024;
const REPO_FILE = path.resolve(import.meta.dirname, "../../../package.json");
const hasController = (c: "memory" | "pids" | "cpu") => support.cgroup?.controllers.includes(c) ?? false;
const withoutSandbox: IsolationSupport = { ...support, bwrap: false, tools: { ...support.tools, bwrap: null } };

const processes: StdioProcess[] = [];
const isolations: Isolated[] = [];
const tempDirs: string[] = [];
const servers: net.Server[] = [];

afterEach(async () => {
  await Promise.all(processes.splice(0).map((p) => p.stop("test over", 200)));
  for (const isolated of isolations.splice(0)) await isolated.cleanup();
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

interface Run {
  proc: StdioProcess;
  isolated: Isolated;
  lines: string[];
  exit: Promise<ProcessExit>;
  startedAt: number;
}

function nodeSpec(script: string, args: string[] = [], env: Record<string, string> = {}): ProcessSpec {
  return { command: process.execPath, args: ["-e", script, ...args], env, cwd: os.tmpdir() };
}

async function launch(
  spec: ProcessSpec,
  limits: Limits,
  options: { sandbox?: SandboxOptions; support?: IsolationSupport } = {},
): Promise<Run> {
  const isolated = await isolate(spec, {
    support: options.support ?? withoutSandbox,
    limits,
    sandbox: options.sandbox,
    groupName: `test-${randomUUID()}`,
  });
  isolations.push(isolated);
  const proc = new StdioProcess(isolated.spec);
  processes.push(proc);
  const lines: string[] = [];
  proc.onLine = (line) => lines.push(line);
  const exit = new Promise<ProcessExit>((resolve) => {
    proc.onExit = resolve;
  });
  return { proc, isolated, lines, exit, startedAt: Date.now() };
}

async function exitWithin(run: Run, ms: number): Promise<ProcessExit | "still running"> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"still running">((resolve) => {
    timer = setTimeout(() => resolve("still running"), ms);
  });
  const result = await Promise.race([run.exit, timeout]);
  clearTimeout(timer);
  return result;
}

function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

function groupWith(run: Run, file: string): string {
  const dir = run.isolated.cgroups.find((d) => fs.existsSync(path.join(d, file)));
  if (!dir) throw new Error(`no cgroup with ${file} in ${run.isolated.cgroups.join(", ")}`);
  return dir;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("detectIsolation", () => {
  it("reports a consistent picture of this host", () => {
    const expected = support.bwrap ? "sandbox" : support.prlimit || support.cgroup ? "limits" : "none";
    expect(support.level).toBe(expected);
    expect(support.tools.bwrap !== null).toBe(support.bwrap);
    expect(support.tools.prlimit !== null).toBe(support.prlimit);
    expect(support.notes.every((n) => typeof n === "string")).toBe(true);
    if (support.cgroup) {
      expect([1, 2]).toContain(support.cgroup.version);
      for (const controller of support.cgroup.controllers) {
        expect(["memory", "pids", "cpu"]).toContain(controller);
        expect(fs.existsSync(support.cgroup.parents[controller] ?? "/missing")).toBe(true);
      }
    }
    expect(describeIsolation(support).startsWith(`${support.level} (`)).toBe(true);
  });

  it.runIf(fs.existsSync("/usr/bin/bwrap"))("finds a working bubblewrap where it is installed", () => {
    expect(support.notes.filter((n) => n.startsWith("bwrap"))).toEqual([]);
    expect(support.bwrap).toBe(true);
    expect(support.level).toBe("sandbox");
  });

  it("describes the support in one banner line", () => {
    const full: IsolationSupport = {
      prlimit: true,
      bwrap: true,
      cgroup: { version: 1, root: "/sys/fs/cgroup", controllers: ["memory", "pids", "cpu"], parents: {} },
      level: "sandbox",
      notes: [],
      tools: { prlimit: "/usr/bin/prlimit", bwrap: "/usr/bin/bwrap" },
    };
    expect(describeIsolation(full)).toBe("sandbox (bubblewrap, prlimit, cgroup v1: memory, pids, cpu)");
    const none: IsolationSupport = { ...full, prlimit: false, bwrap: false, cgroup: null, level: "none" };
    expect(describeIsolation(none)).toBe("none (no prlimit, bubblewrap or writable cgroup)");
  });
});

describe("isolate", () => {
  it("returns the spec unchanged when the host supports nothing", async () => {
    const none: IsolationSupport = {
      prlimit: false,
      bwrap: false,
      cgroup: null,
      level: "none",
      notes: [],
      tools: { prlimit: null, bwrap: null },
    };
    const spec = nodeSpec("1");
    const sandbox = { workDir: os.tmpdir(), readOnlyPaths: [], network: false };
    const result = await isolate(spec, { support: none, limits: DEFAULT_LIMITS, sandbox, groupName: "unused" });
    expect(result.spec).toBe(spec);
    expect(result.applied).toEqual([]);
    await result.cleanup();
  });

  it("leaves memory and process count to the cgroup when it has those controllers", () => {
    const limits = { memoryBytes: 256 * MiB, cpuSeconds: 10, openFiles: 100, processes: 8 };
    const cgroup = { version: 1 as const, root: "/sys/fs/cgroup", controllers: ["memory" as const, "pids" as const], parents: {} };
    expect(prlimitFlags(limits, { cgroup })).toEqual(["--core=0", "--cpu=10:11", "--nofile=100"]);
    expect(prlimitFlags(limits, { cgroup: null })).toEqual([
      "--core=0",
      `--as=${256 * MiB + ADDRESS_SPACE_HEADROOM}`,
      "--cpu=10:11",
      "--nofile=100",
      "--nproc=8",
    ]);
  });

  it.runIf(support.cgroup !== null)("refuses a cgroup name that could escape its directory", async () => {
    const attempt = isolate(nodeSpec("1"), { support, limits: DEFAULT_LIMITS, groupName: "../escape" });
    await expect(attempt).rejects.toThrow(/cgroup name/);
  });
});

describe("limits", () => {
  const HOG = `
    const kept = [];
    for (let mib = 16; mib <= 2560; mib += 16) {
      kept.push(Buffer.alloc(16 * 1024 * 1024, 1));
      console.log(mib);
    }
    console.log("survived");`;

  it.runIf(hasController("memory"))("stops a memory hog at the cgroup memory limit", async () => {
    const limit = 128 * MiB;
    const run = await launch(nodeSpec(HOG), { memoryBytes: limit });
    const memory = groupWith(run, support.cgroup?.version === 1 ? "memory.max_usage_in_bytes" : "memory.max");
    const exit = await exitWithin(run, 10_000);
    expect(exit).not.toBe("still running");
    if (exit === "still running") return;
    expect(exit.signal === "SIGKILL" || (exit.code ?? 0) !== 0).toBe(true);
    expect(run.lines).not.toContain("survived");
    expect(Math.max(0, ...run.lines.map(Number))).toBeLessThanOrEqual(128);
    const peakFile = support.cgroup?.version === 1 ? "memory.max_usage_in_bytes" : "memory.peak";
    if (fs.existsSync(path.join(memory, peakFile))) {
      expect(Number(fs.readFileSync(path.join(memory, peakFile), "utf8"))).toBeLessThanOrEqual(limit);
    }
  }, 15_000);

  it.runIf(support.prlimit)("still stops a memory hog with prlimit alone (address space cap)", async () => {
    const limits = { memoryBytes: 128 * MiB };
    const run = await launch(nodeSpec(HOG), limits, { support: { ...withoutSandbox, cgroup: null } });
    const exit = await exitWithin(run, 10_000);
    expect(exit).not.toBe("still running");
    if (exit === "still running") return;
    expect(exit.signal !== null || (exit.code ?? 0) !== 0).toBe(true);
    expect(run.lines).not.toContain("survived");
    expect(Math.max(0, ...run.lines.map(Number)) * MiB).toBeLessThan(limits.memoryBytes + ADDRESS_SPACE_HEADROOM);
  }, 15_000);

  it.runIf(hasController("pids"))("contains a fork bomb at pids.max and cleans it up", async () => {
    const bomb = `
      const { spawn } = require("node:child_process");
      let started = 0, refused = 0;
      for (let i = 0; i < 100; i++) {
        try {
          const child = spawn("/bin/sh", ["-c", "sleep 20 & sleep 20 & sleep 20 & wait"], { stdio: "ignore" });
          child.on("error", () => {});
          if (child.pid) started++; else refused++;
        } catch { refused++; }
      }
      console.log(JSON.stringify({ started, refused }));
      setInterval(() => {}, 1000);`;
    const run = await launch(nodeSpec(bomb), { processes: 16 });
    const pids = groupWith(run, "pids.current");
    let peak = 0;
    const deadline = Date.now() + 3000;
    while (Date.now() < deadline && run.lines.length === 0 && run.proc.alive) {
      peak = Math.max(peak, Number(fs.readFileSync(path.join(pids, "pids.current"), "utf8")));
      await sleep(10);
    }
    for (let i = 0; i < 20; i++) {
      peak = Math.max(peak, Number(fs.readFileSync(path.join(pids, "pids.current"), "utf8")));
      await sleep(10);
    }
    expect(peak).toBeGreaterThan(0);
    expect(peak).toBeLessThanOrEqual(16);
    const events = fs.readFileSync(path.join(pids, "pids.events"), "utf8");
    expect(Number(/max (\d+)/.exec(events)?.[1] ?? 0)).toBeGreaterThan(0);
    const report = JSON.parse(run.lines[0] ?? "{}") as { started?: number; refused?: number };
    expect(report.refused).toBeGreaterThan(0);
    expect(spawnSync("/bin/sh", ["-c", "echo alive"], { encoding: "utf8" }).stdout.trim()).toBe("alive");

    await run.isolated.cleanup();
    expect(run.proc.alive).toBe(false);
    for (const dir of run.isolated.cgroups) expect(fs.existsSync(dir)).toBe(false);
  }, 15_000);

  it.runIf(support.prlimit)("kills a busy loop once it has used its CPU seconds", async () => {
    const busy = `const end = Date.now() + 8000; while (Date.now() < end) {} console.log("finished");`;
    const run = await launch(nodeSpec(busy), { cpuSeconds: 1 });
    const exit = await exitWithin(run, 9000);
    expect(exit).not.toBe("still running");
    if (exit === "still running") return;
    expect(["SIGXCPU", "SIGKILL"]).toContain(exit.signal);
    // Wall time above the 1 s of CPU only when other tests compete for the cores.
    expect(Date.now() - run.startedAt).toBeLessThan(7000);
    expect(run.lines).not.toContain("finished");
  }, 15_000);
});

describe.runIf(support.bwrap)("sandbox", () => {
  const PROBE = `
    const fs = require("node:fs"), net = require("node:net");
    const [secret, repoFile, roFile, port] = process.argv.slice(1);
    const attempt = (fn) => { try { return { ok: true, value: fn() }; } catch (e) { return { ok: false, code: e.code }; } };
    const result = {
      secret: attempt(() => fs.readFileSync(secret, "utf8")),
      repo: attempt(() => fs.readFileSync(repoFile, "utf8").length),
      readOnly: attempt(() => fs.readFileSync(roFile, "utf8")),
      readOnlyWrite: attempt(() => fs.writeFileSync(roFile, "changed")),
      work: attempt(() => { fs.writeFileSync("note.txt", "written inside"); return fs.readFileSync("note.txt", "utf8"); }),
      cwd: process.cwd(),
      home: process.env.HOME,
    };
    let reported = false;
    const socket = net.connect(Number(port), "127.0.0.1");
    const done = (tcp) => {
      if (reported) return;
      reported = true;
      socket.destroy();
      console.log(JSON.stringify({ ...result, tcp }));
    };
    socket.once("connect", () => done("connected"));
    socket.once("error", (e) => done(e.code));
    setTimeout(() => done("timeout"), 3000).unref();`;

  interface ProbeResult {
    secret: { ok: boolean; code?: string };
    repo: { ok: boolean; code?: string };
    readOnly: { ok: boolean; value?: string };
    readOnlyWrite: { ok: boolean; code?: string };
    work: { ok: boolean; value?: string };
    cwd: string;
    home: string;
    tcp: string;
  }

  async function probe(network: boolean): Promise<{ result: ProbeResult; workDir: string; connections: number }> {
    const workDir = tempDir("switchyard-work-");
    const secret = path.join(tempDir("switchyard-secret-"), "secret.txt");
    fs.writeFileSync(secret, "host secret");
    const readOnlyDir = tempDir("switchyard-ro-");
    fs.writeFileSync(path.join(readOnlyDir, "data.txt"), "data");
    let connections = 0;
    const server = net.createServer((socket) => {
      connections++;
      socket.destroy();
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = String((server.address() as net.AddressInfo).port);
    const spec = nodeSpec(PROBE, [secret, REPO_FILE, path.join(readOnlyDir, "data.txt"), port]);
    const run = await launch(spec, DEFAULT_LIMITS, {
      support,
      sandbox: { workDir, readOnlyPaths: [readOnlyDir], network },
    });
    const exit = await exitWithin(run, 8000);
    expect(exit).toMatchObject({ code: 0 });
    const result = JSON.parse(run.lines[0] ?? "{}") as ProbeResult;
    return { result, workDir, connections };
  }

  it("hides the host's files, allows its work dir and blocks the network", async () => {
    const { result, workDir, connections } = await probe(false);
    expect(result.secret).toEqual({ ok: false, code: "ENOENT" });
    expect(result.repo).toEqual({ ok: false, code: "ENOENT" });
    expect(result.readOnly).toEqual({ ok: true, value: "data" });
    expect(result.readOnlyWrite).toEqual({ ok: false, code: "EROFS" });
    expect(result.work).toEqual({ ok: true, value: "written inside" });
    expect(fs.readFileSync(path.join(workDir, "note.txt"), "utf8")).toBe("written inside");
    expect(result.cwd).toBe(workDir);
    expect(result.home).toBe(workDir);
    expect(result.tcp).toBe("ECONNREFUSED");
    expect(connections).toBe(0);
  }, 15_000);

  it("reaches the host's network only when network is allowed", async () => {
    const { result, connections } = await probe(true);
    expect(result.tcp).toBe("connected");
    expect(connections).toBe(1);
    expect(result.secret.ok).toBe(false);
  }, 15_000);

  it.runIf(support.cgroup !== null)("leaves nothing running after the server is stopped", async () => {
    const workDir = tempDir("switchyard-work-");
    const spec = nodeSpec(`console.log("up"); setInterval(() => {}, 1000);`);
    const run = await launch(spec, DEFAULT_LIMITS, { support, sandbox: { workDir, readOnlyPaths: [], network: false } });
    const group = run.isolated.cgroups[0] ?? "";
    for (let i = 0; i < 200 && run.lines.length === 0; i++) await sleep(10);
    expect(run.lines).toEqual(["up"]);
    expect((await groupMembers(group)).length).toBeGreaterThanOrEqual(2);
    await run.proc.stop("test", 1000);
    let members = await groupMembers(group);
    for (let i = 0; i < 100 && members.length > 0; i++) {
      await sleep(20);
      members = await groupMembers(group);
    }
    expect(members).toEqual([]);
  }, 15_000);
});

describe("environment", () => {
  const PRINT_ENV = `console.log(JSON.stringify(process.env)); setTimeout(() => {}, 5000);`;
  const env = { SWITCHYARD_TOKEN: `secret-${randomUUID()}`, LANG: "C.UTF-8" };

  async function childEnv(run: Run): Promise<Record<string, string>> {
    for (let i = 0; i < 300 && run.lines.length === 0 && run.proc.alive; i++) await sleep(10);
    return JSON.parse(run.lines[0] ?? "null") as Record<string, string>;
  }

  it.runIf(support.level !== "none")("passes exactly spec.env through the limits", async () => {
    const run = await launch(nodeSpec(PRINT_ENV, [], env), DEFAULT_LIMITS);
    expect(await childEnv(run)).toEqual(env);
  }, 15_000);

  it.runIf(support.bwrap)("passes exactly spec.env (plus HOME) into the sandbox, never on a command line", async () => {
    const workDir = tempDir("switchyard-work-");
    const sandbox = { workDir, readOnlyPaths: [], network: false };
    const run = await launch(nodeSpec(PRINT_ENV, [], env), DEFAULT_LIMITS, { support, sandbox });
    expect(await childEnv(run)).toEqual({ ...env, HOME: workDir });
    const pids = new Set([run.proc.pid ?? 0]);
    for (const dir of run.isolated.cgroups) for (const pid of await groupMembers(dir)) pids.add(pid);
    for (const pid of pids) {
      const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
      expect(cmdline).not.toContain(env.SWITCHYARD_TOKEN);
    }
  }, 15_000);
});
