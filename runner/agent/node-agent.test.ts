import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import pino from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { FAST_POOL, FIXTURE, type Mode, childrenRunning, isAlive, soon } from "./test/fixtures.ts";
import { MemoryEngine } from "../../server/engine/memory-engine.ts";
import type { ServerJson } from "../protocol/server-json.ts";
import { ComponentStore } from "./component-store.ts";
import { type AgentEngine, CapacityError, type DeploymentRequest, NodeAgent, type NodeAgentOptions, type NodeRecord } from "./node-agent.ts";
import { LaunchError } from "./process-spec.ts";
import { type PoolSettings, PoolError } from "./warm-pool.ts";

const log = pino({ level: "silent" });
const POOL: Partial<PoolSettings> = { ...FAST_POOL, min: 1, max: 4, backoffMaxMs: 1000 };

/**
 * The agent deploys npm packages: a project root with fake ones in its node_modules stands in
 * for the component store, so nothing is installed. The fake package's bin runs the fixture
 * server (its mode comes from the manifest's package argument).
 */
let projectRoot = "";
let store: ComponentStore;

function fakePackage(name: string, files: Record<string, string>): void {
  const dir = path.join(projectRoot, "node_modules", name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name, version: "1.0.0", type: "module", bin: "server.mjs" }));
  for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, file), text);
}

beforeAll(() => {
  projectRoot = fs.mkdtempSync(path.join(os.tmpdir(), "switchyard-agent-test-"));
  fakePackage("fake-mcp-server", { "server.mjs": `import ${JSON.stringify(pathToFileURL(FIXTURE).href)};\n` });
  // Installed without one of its files: the bin exists, but node cannot load what it imports.
  fakePackage("fake-broken-server", { "server.mjs": `import "./lib/missing-module.mjs";\n` });
  // Declares a bin that is not there at all.
  fakePackage("fake-binless-server", {});
  store = new ComponentStore(path.join(projectRoot, "store"), projectRoot);
});

afterAll(() => {
  fs.rmSync(projectRoot, { recursive: true, force: true });
});

const manifest = (identifier: string, mode: Mode = "ok"): ServerJson => ({
  name: "io.github.switchyard-test/fake",
  description: "a fake MCP server for the agent's tests",
  version: "1.0.0",
  packages: [{ registryType: "npm", identifier, transport: { type: "stdio" }, packageArguments: [{ type: "positional", value: mode }] }],
});

const deployment = (id: string, pool: Partial<PoolSettings> = {}, identifier = "fake-mcp-server"): DeploymentRequest => ({
  id,
  name: `fake-${id}`,
  manifest: manifest(identifier),
  values: { config: {}, secrets: {} },
  pool,
});

/** Fixture servers this test process started and that still run, found in /proc. */
const fixtureChildren = () => childrenRunning([FIXTURE, projectRoot]);

const agents: NodeAgent[] = [];
const seenPids = new Set<number>();

function makeAgent(options: Partial<NodeAgentOptions> & { engine: AgentEngine }): NodeAgent {
  const agent = new NodeAgent({ address: "http://127.0.0.1:7070", capacity: 8, log, poolDefaults: POOL, store, ...options });
  agents.push(agent);
  return agent;
}

/** Remembers the pids of the agent's processes so that afterEach can check they are gone. */
function noteProcesses(agent: NodeAgent): void {
  for (const view of agent.processes()) if (view.pid !== null) seenPids.add(view.pid);
}

const okDeployment = (pool: Partial<PoolSettings> = {}): DeploymentRequest => ({ ...deployment("dep-ok", pool), name: "fake-ok" });

afterEach(async () => {
  for (const agent of agents) noteProcesses(agent);
  await Promise.all(agents.splice(0).map((agent) => agent.stop(500)));
  const everyPid = [...seenPids, ...fixtureChildren()];
  seenPids.clear();
  await expect.poll(() => everyPid.filter(isAlive), soon).toEqual([]);
});

describe("NodeAgent", () => {
  it("deploys a pool of min processes and lists them with their figures", async () => {
    const agent = makeAgent({ engine: new MemoryEngine() });
    const status = await agent.deploy(okDeployment({ min: 2 }));
    expect(status).toMatchObject({ state: "running", settings: { min: 2, max: 4 }, crashes: 0, quarantine: null });
    expect(status.ready).toBeGreaterThanOrEqual(1);
    await expect.poll(() => agent.pool("dep-ok")?.status(), soon).toMatchObject({ ready: 2, starting: 0 });
    expect(agent.load).toBe(2);

    const views = agent.processes();
    expect(views).toHaveLength(2);
    for (const view of views) {
      expect(view).toMatchObject({ deploymentId: "dep-ok", deployment: "fake-ok", state: "ready", calls: 0, errors: 0 });
      expect(view.pid).toEqual(expect.any(Number));
      expect(isAlive(view.pid)).toBe(true);
      expect(view.rssBytes).toBeGreaterThan(1024 * 1024);
      expect(view.cpuSeconds).toBeGreaterThanOrEqual(0);
      expect(view.uptimeMs).toBeGreaterThanOrEqual(0);
    }
    expect(agent.health()).toMatchObject({ capacity: 8, load: 2, deployments: [{ id: "dep-ok", name: "fake-ok", ready: 2 }] });
  });

  it("leases and releases through the deployment's pool, with stderr per process", async () => {
    const agent = makeAgent({ engine: new MemoryEngine() });
    const upstream = await agent.lease(okDeployment());
    expect(upstream.state).toBe("leased");
    const lines: string[] = [];
    const port = upstream.mux.attach();
    port.onMessage = (message) => lines.push(JSON.stringify(message));
    port.send({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "echo", arguments: { message: "hi" } } });
    await expect.poll(() => lines, soon).toHaveLength(1);

    const view = agent.processes().find((p) => p.pid === upstream.process.pid);
    expect(view).toMatchObject({ id: upstream.process.id, state: "leased", deploymentId: "dep-ok" });
    await expect.poll(() => agent.stderr(view!.id), soon).toEqual(["fake: listening on stdio", "fake: tools/call echo"]);
    expect(agent.stderr(view!.id, 1)).toEqual(["fake: tools/call echo"]);
    expect(agent.stderr("no-such-process")).toBeUndefined();

    const pid = upstream.process.pid;
    await agent.release("dep-ok", upstream, "the session ended");
    expect(isAlive(pid)).toBe(false);
    expect(agent.stderr(view!.id)).toBeUndefined();
    await expect.poll(() => agent.pool("dep-ok")?.status(), soon).toMatchObject({ ready: 1, leased: 0, crashes: 0 });
  });

  it("fails at deploy time when the server cannot load its code, with its stderr", async () => {
    const agent = makeAgent({ engine: new MemoryEngine() });
    const error = await agent.deploy(deployment("dep-broken", {}, "fake-broken-server")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PoolError);
    expect(error).toMatchObject({ reason: "failed" });
    const message = (error as Error).message;
    expect(message).toContain("deployment fake-dep-broken could not start a server");
    expect(message).toContain("exited with code 1");
    expect(message).toContain("Cannot find module");
    expect(message).toContain("missing-module.mjs");
    expect(agent.pool("dep-broken")).toBeUndefined();
    expect(agent.load).toBe(0);
    expect(agent.processes()).toEqual([]);
  });

  it("fails at deploy time, before starting anything, when the server's bin does not exist", async () => {
    const agent = makeAgent({ engine: new MemoryEngine() });
    const error = await agent.deploy(deployment("dep-binless", {}, "fake-binless-server")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LaunchError);
    expect((error as Error).message).toBe("npm package fake-binless-server declares the bin server.mjs, which does not exist");
    expect(agent.pool("dep-binless")).toBeUndefined();
    expect(agent.load).toBe(0);
  });

  it("refuses a process beyond its capacity", async () => {
    const agent = makeAgent({ engine: new MemoryEngine(), capacity: 2 });
    await agent.deploy(okDeployment({ min: 2, max: 3 }));
    await expect.poll(() => agent.pool("dep-ok")?.status(), soon).toMatchObject({ ready: 2, starting: 0 });
    expect(agent.load).toBe(2);

    const error = await agent.deploy(deployment("dep-third")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CapacityError);
    expect((error as Error).message).toContain("maximum of 2 processes");
    expect(agent.pool("dep-third")).toBeUndefined();

    // A lease takes a warm process; the refill that follows hits the capacity and leaves no trace.
    const upstream = await agent.lease(okDeployment());
    expect(upstream.state).toBe("leased");
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(agent.pool("dep-ok")!.status()).toMatchObject({ ready: 1, leased: 1, starting: 0 });
    expect(agent.load).toBe(2);
    await expect(agent.pool("dep-ok")!.lease()).resolves.toMatchObject({ state: "leased" });
    await expect(agent.pool("dep-ok")!.lease()).rejects.toBeInstanceOf(CapacityError);
  });

  it("stop() ends every process of every deployment", async () => {
    const agent = makeAgent({ engine: new MemoryEngine() });
    await agent.deploy(okDeployment({ min: 2 }));
    await agent.deploy(deployment("dep-other", { min: 1 }));
    await expect.poll(() => agent.load, soon).toBe(3);
    const leased = await agent.lease(okDeployment());
    await expect.poll(() => agent.load, soon).toBe(4);
    const pids = agent.processes().map((view) => view.pid);
    expect(pids).toContain(leased.process.pid);
    expect(pids.every(isAlive)).toBe(true);

    await agent.stop(500);
    expect(pids.filter(isAlive)).toEqual([]);
    expect(agent.load).toBe(0);
    expect(agent.processes()).toEqual([]);
    await expect.poll(() => agent.pool("dep-ok")!.status(), soon).toMatchObject({ state: "stopped", ready: 0, leased: 0, starting: 0 });
    expect(fixtureChildren()).toEqual([]);
  });

  it("starts no process once stop() has begun, so none outlives it", async () => {
    const agent = makeAgent({ engine: new MemoryEngine() });
    await agent.deploy(okDeployment({ min: 2 }));
    await expect.poll(() => agent.load, soon).toBe(2);
    const stopped = agent.stop(500);
    // A pool that refills while the agent stops (Ctrl-C reaches the servers too, and their exits
    // look like crashes) asks for a process just as this deploy does.
    const late = agent.deploy(deployment("dep-late", { min: 1 }));
    await expect(late).rejects.toThrow(/^the agent is stopping$/);
    await stopped;
    expect(agent.load).toBe(0);
    expect(fixtureChildren()).toEqual([]);
  });

  it("announces itself with a heartbeat and leaves the engine on stop", async () => {
    const engine = new MemoryEngine();
    const ttls: Array<number | undefined> = [];
    const counting: AgentEngine = {
      set: (key, value, ttlMs) => {
        ttls.push(ttlMs);
        return engine.set(key, value, ttlMs);
      },
      delete: (key) => engine.delete(key),
    };
    const agent = makeAgent({ id: "node-a", address: "http://10.0.0.1:7070", capacity: 4, engine: counting, heartbeatMs: 100 });
    await agent.start();
    const record = JSON.parse((await engine.get("nodes:node-a"))!) as NodeRecord;
    expect(record).toMatchObject({ id: "node-a", address: "http://10.0.0.1:7070", capacity: 4, load: 0 });
    expect(ttls[0]).toBe(300);

    await agent.deploy(okDeployment({ min: 1 }));
    await expect.poll(async () => (JSON.parse((await engine.get("nodes:node-a")) ?? "{}") as NodeRecord).load, soon).toBe(1);
    await expect.poll(() => ttls.length, soon).toBeGreaterThanOrEqual(3);
    expect(await engine.keys("nodes:")).toEqual(["nodes:node-a"]);

    await agent.stop(500);
    expect(await engine.get("nodes:node-a")).toBeNull();
  });

  it("disappears from the engine by itself when its heartbeats stop", async () => {
    const engine = new MemoryEngine();
    let dead = false;
    // A dead (or cut-off) agent: its heartbeats and its goodbye no longer reach the engine.
    const flaky: AgentEngine = {
      set: (key, value, ttlMs) => (dead ? Promise.resolve() : engine.set(key, value, ttlMs)),
      delete: (key) => (dead ? Promise.resolve() : engine.delete(key)),
    };
    // The live agent's record (TTL 1.5 s) outlasts the wait below by a wide margin.
    const alive = makeAgent({ id: "node-alive", engine, heartbeatMs: 500 });
    const dying = makeAgent({ id: "node-dying", engine: flaky, heartbeatMs: 100 });
    await alive.start();
    await dying.start();
    expect((await engine.keys("nodes:")).sort()).toEqual(["nodes:node-alive", "nodes:node-dying"]);

    dead = true;
    // Its record's TTL is 3 heartbeats (300 ms); 2 s is only a liveness bound.
    await expect.poll(() => engine.get("nodes:node-dying"), { timeout: 2000, interval: 20 }).toBeNull();
    // Only the silent one is gone.
    expect(await engine.keys("nodes:")).toEqual(["nodes:node-alive"]);
  });
});
