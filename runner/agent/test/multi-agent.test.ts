import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINE_KEYS } from "../../protocol/channels.ts";
import { RedisEngine } from "../../../server/engine/redis-engine.ts";
import { AgentClient } from "../../../server/fleet/agent-client.ts";
import { everythingManifest } from "../../../server/seed/catalog.ts";
import type { NodeRecord } from "../node-agent.ts";
import { type CliProcess, PROJECT_ROOT, freePort, runCli, sleep, waitReady } from "../../test-support/cli-process.ts";

/**
 * Two real `switchyard agent` processes on loopback ports, registered in one Redis: how a fleet
 * of bare-metal agents is tested on one machine. Needs REDIS_URL; uses the default key prefix
 * (the command has no other), with node ids unique to this run.
 */
const redisUrl = process.env.REDIS_URL ?? "";
const READY_TIMEOUT_MS = 30_000;

interface RunningAgent extends CliProcess {
  id: string;
  port: number;
  dataDir: string;
}

async function startAgent(id: string, port: number, token: string): Promise<RunningAgent> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sy-agent-test-"));
  const run = runCli("agent", {
    REDIS_URL: redisUrl,
    SWITCHYARD_NODE_ID: id,
    AGENT_PORT: String(port),
    SWITCHYARD_DATA_DIR: dataDir,
    SWITCHYARD_AGENT_TOKEN: token,
    LOG_LEVEL: "warn",
  });
  const agent = { id, port, dataDir, ...run };
  await waitReady(`agent ${id}`, run, READY_TIMEOUT_MS);
  return agent;
}


async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined> | T | undefined): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(50);
  }
}

/** Every process under `pid` (all its threads' children, recursively), from /proc. */
function descendants(pid: number): number[] {
  let tasks: string[];
  try {
    tasks = fs.readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  const children = tasks.flatMap((task) => {
    try {
      return fs.readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").trim().split(" ").filter(Boolean).map(Number);
    } catch {
      return [];
    }
  });
  return [...new Set(children)].flatMap((child) => [child, ...descendants(child)]);
}

/** Running, not a zombie waiting for its reaper. */
function alive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

function commandOf(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim();
  } catch {
    return "?";
  }
}

/** The cgroup v1/v2 directories a process is in below the agent's own `switchyard/` groups. */
function switchyardGroups(pid: number): string[] {
  let lines: string[];
  try {
    lines = fs.readFileSync(`/proc/${pid}/cgroup`, "utf8").trim().split("\n");
  } catch {
    return [];
  }
  return lines.flatMap((line) => {
    const [, controllers, group] = line.split(":");
    if (!group?.includes("/switchyard/")) return [];
    const mount = controllers === "" ? "/sys/fs/cgroup" : `/sys/fs/cgroup/${controllers!.split(",")[0]}`;
    return [path.join(mount, group)];
  });
}

describe("switchyard agent: configuration errors", () => {
  it("without REDIS_URL exits 1 with the one config error line", async () => {
    const run = runCli("agent", { SWITCHYARD_AGENT_TOKEN: randomBytes(24).toString("hex"), LOG_LEVEL: "warn" });
    const { code } = await run.exited;
    expect(code).toBe(1);
    expect(run.output.stderr).toBe("switchyard: config error: a standalone agent needs REDIS_URL to register itself, e.g. REDIS_URL=redis://127.0.0.1:6379\n");
    expect(run.output.stdout).toBe("");
  });

  it("without SWITCHYARD_AGENT_TOKEN exits 1 naming the variable", async () => {
    const run = runCli("agent", { REDIS_URL: "redis://127.0.0.1:6379", LOG_LEVEL: "warn" });
    const { code } = await run.exited;
    expect(code).toBe(1);
    expect(run.output.stderr).toMatch(/^switchyard: config error: a standalone agent needs SWITCHYARD_AGENT_TOKEN[^\n]*\n$/);
    expect(run.output.stdout).toBe("");
  });
});

describe.runIf(Boolean(redisUrl))("two standalone node agents on one Redis (REDIS_URL)", () => {
  const token = randomBytes(24).toString("hex");
  const run = randomUUID().slice(0, 8);
  const ids = [`test-${run}-a`, `test-${run}-b`];
  const agents: RunningAgent[] = [];
  /** Every process the agents started, and the cgroups they ran in, for the checks and the clean-up. */
  const started = new Set<number>();
  const groups = new Set<string>();
  let engine: RedisEngine;
  const deploymentId = randomUUID();

  beforeAll(async () => {
    engine = await RedisEngine.connect(redisUrl);
    const ports = [await freePort(), await freePort()];
    while (ports[1] === ports[0]) ports[1] = await freePort();
    const results = await Promise.allSettled(ids.map((id, i) => startAgent(id, ports[i]!, token)));
    for (const result of results) if (result.status === "fulfilled") agents.push(result.value);
    const failed = results.find((r) => r.status === "rejected");
    if (failed) throw failed.reason;
  });

  afterAll(async () => {
    for (const agent of agents) if (agent.child.exitCode === null && agent.child.signalCode === null) agent.child.kill("SIGKILL");
    await Promise.all(agents.map((agent) => agent.exited));
    for (const pid of started) {
      try {
        if (alive(pid)) process.kill(pid, "SIGKILL");
      } catch {
        // Gone.
      }
    }
    // A SIGKILLed agent cannot remove its servers' cgroups; nobody else does, so the test does.
    for (const dir of groups) {
      await waitFor(`cgroup ${dir} empty`, 3000, () => (!fs.existsSync(dir) || fs.readFileSync(path.join(dir, "cgroup.procs"), "utf8").trim() === "" ? true : undefined)).catch(() => {});
      for (const empty of [dir, path.dirname(dir)]) {
        try {
          fs.rmdirSync(empty); // switchyard/ only goes when no other agent's groups are in it
        } catch {
          // Gone, or busy.
        }
      }
    }
    for (const agent of agents) fs.rmSync(agent.dataDir, { recursive: true, force: true });
    if (engine) {
      for (const id of ids) await engine.delete(ENGINE_KEYS.node(id));
      await engine.close();
    }
  });

  it("both register in the engine with their address, capacity and isolation", async () => {
    for (const agent of agents) {
      expect(agent.output.stdout).toMatch(new RegExp(`node agent ${agent.id} ready .* at http://127\\.0\\.0\\.1:${agent.port} \\(isolation: (none|limits|sandbox)`));
      const raw = await engine.get(ENGINE_KEYS.node(agent.id));
      expect(raw, `nodes:${agent.id}`).not.toBeNull();
      const record = JSON.parse(raw!) as NodeRecord;
      expect(record).toMatchObject({ id: agent.id, address: `http://127.0.0.1:${agent.port}`, capacity: 64, load: 0 });
      expect(["none", "limits", "sandbox"]).toContain(record.isolation);
      expect(agent.output.stdout).toContain(`isolation: ${record.isolation}`);
    }
    const live = await engine.keys(ENGINE_KEYS.nodesPrefix);
    expect(live).toEqual(expect.arrayContaining(ids.map((id) => ENGINE_KEYS.node(id))));
  });

  it("refuses to start a third agent under an id another live agent holds", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sy-agent-test-"));
    try {
      const port = await freePort();
      const clash = runCli("agent", { REDIS_URL: redisUrl, SWITCHYARD_NODE_ID: ids[1]!, AGENT_PORT: String(port), SWITCHYARD_DATA_DIR: dataDir, SWITCHYARD_AGENT_TOKEN: token, LOG_LEVEL: "warn" });
      const { code } = await clash.exited;
      expect(code).toBe(1);
      expect(clash.output.stderr).toBe(
        `switchyard: startup error: SWITCHYARD_NODE_ID=${ids[1]} is already registered by the agent at http://127.0.0.1:${agents[1]!.port} (host ${os.hostname()}) — give each agent its own id, or stop that one first\n`,
      );
      // The live agent's record is untouched.
      expect(JSON.parse((await engine.get(ENGINE_KEYS.node(ids[1]!)))!)).toMatchObject({ address: `http://127.0.0.1:${agents[1]!.port}` });
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("each deploys the everything server and runs a ready process for it", async () => {
    const deployment = {
      id: deploymentId,
      name: "everything",
      manifest: everythingManifest(PROJECT_ROOT),
      values: { config: {}, secrets: {} },
      pool: { min: 1, max: 2 },
      stopped: false,
    };
    await Promise.all(
      agents.map(async (agent) => {
        const client = new AgentClient(`http://127.0.0.1:${agent.port}`, token);
        const status = await client.deploy(deployment);
        expect(status.ready).toBeGreaterThanOrEqual(1);
        const processes = await client.processes();
        const ready = processes.filter((p) => p.deploymentId === deploymentId && p.state === "ready");
        expect(ready.length, JSON.stringify(processes)).toBeGreaterThanOrEqual(1);
        for (const p of ready) expect(p.pid).toBeGreaterThan(0);
        const deployments = await client.deployments();
        expect(deployments.map((d) => d.id)).toContain(deploymentId);
      }),
    );
  });

  it("refuses the control API with a wrong token (401)", async () => {
    for (const agent of agents) {
      const response = await fetch(`http://127.0.0.1:${agent.port}/v1/processes`, { headers: { authorization: `Bearer ${randomBytes(24).toString("hex")}` } });
      expect(response.status).toBe(401);
      await response.body?.cancel();
      const bare = await fetch(`http://127.0.0.1:${agent.port}/v1/processes`);
      expect(bare.status).toBe(401);
      await bare.body?.cancel();
    }
  });

  it("SIGINT: the agent stops its processes, leaves the engine at once and exits within 5 s", async () => {
    const agent = agents[0]!;
    const tree = descendants(agent.child.pid!);
    expect(tree.length).toBeGreaterThan(0);
    const own = new Set(tree.flatMap(switchyardGroups));
    for (const pid of tree) started.add(pid);
    for (const dir of own) groups.add(dir);
    const began = Date.now();
    agent.child.kill("SIGINT");
    const exit = await Promise.race([agent.exited, sleep(5000).then(() => undefined)]);
    const elapsed = Date.now() - began;
    expect(exit, `still running after 5 s:\n${agent.output.stdout}${agent.output.stderr}`).toBeDefined();
    expect(exit).toEqual({ code: 0, signal: null });
    expect(elapsed).toBeLessThan(5000);
    expect(await engine.get(ENGINE_KEYS.node(agent.id))).toBeNull();
    expect(tree.filter(alive).map((pid) => `${pid} ${commandOf(pid)}`)).toEqual([]);
    expect(agent.output.stdout).toContain("switchyard: stopped");
    expect(agent.output.stderr).toBe("");
    // Stopped cleanly: no cgroups, lock or per-process work dirs left behind.
    expect([...own].filter((dir) => fs.existsSync(dir))).toEqual([]);
    expect(fs.existsSync(path.join(agent.dataDir, "switchyard.lock"))).toBe(false);
    const work = path.join(agent.dataDir, "work", deploymentId);
    expect(fs.existsSync(work) ? fs.readdirSync(work) : []).toEqual([]);
    // The other node is unaffected.
    expect(await engine.get(ENGINE_KEYS.node(agents[1]!.id))).not.toBeNull();
  });

  it("SIGKILL: the record expires by TTL and no child outlives the agent", async () => {
    const agent = agents[1]!;
    const processes = await new AgentClient(`http://127.0.0.1:${agent.port}`, token).processes();
    const tree = descendants(agent.child.pid!);
    for (const p of processes) expect(tree).toContain(p.pid);
    for (const pid of tree) {
      started.add(pid);
      for (const dir of switchyardGroups(pid)) groups.add(dir);
    }
    agent.child.kill("SIGKILL");
    await agent.exited;
    const killedAt = Date.now();
    // Children die with the agent: bwrap runs with --die-with-parent (or, bare, stdin EOF ends the server).
    const survivors = await waitFor("children gone", 3000, () => (tree.some(alive) ? undefined : [])).catch(() =>
      tree.filter(alive).map((pid) => `${pid} ${commandOf(pid)}`),
    );
    expect(survivors).toEqual([]);
    const gone = await waitFor(`nodes:${agent.id} expired`, 6000, async () => ((await engine.get(ENGINE_KEYS.node(agent.id))) === null ? Date.now() : undefined));
    expect(gone - killedAt).toBeLessThanOrEqual(6000);
  });
});
