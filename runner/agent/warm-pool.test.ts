import path from "node:path";
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { FAST_POOL, type Mode, childrenRunning, fixtureSpec, isAlive, soon, clientSend, collect } from "./test/fixtures.ts";
import { McpUpstream } from "./mcp-upstream.ts";
import type { ProcessSpec } from "./process-spec.ts";
import { DEFAULT_POOL_SETTINGS, type PoolSettings, PoolError, WarmPool } from "./warm-pool.ts";

const spec = fixtureSpec;
const log = pino({ level: "silent" });
const SETTINGS: PoolSettings = { ...DEFAULT_POOL_SETTINGS, ...FAST_POOL, min: 1, max: 8, backoffMaxMs: 2000 };
const fixtureChildren = () => childrenRunning();

const pools: WarmPool[] = [];
const spawned: McpUpstream[] = [];

function makePool(mode: Mode, settings: Partial<PoolSettings> = {}, onSpawn?: () => void): WarmPool {
  const pool = new WarmPool(`fake-${mode}`, spec(mode), { ...SETTINGS, ...settings }, log, async (s, label) => {
    onSpawn?.();
    const upstream = new McpUpstream(s, label);
    spawned.push(upstream);
    return upstream;
  });
  pools.push(pool);
  return pool;
}

const pids = (pool: WarmPool) => pool.processes().map((upstream) => upstream.process.pid);


const echoCall = (id: number | string, message: string) =>
  JSON.stringify({ jsonrpc: "2.0", id, method: "tools/call", params: { name: "echo", arguments: { message } } });

afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.stop()));
  const everyPid = [...spawned.splice(0).map((upstream) => upstream.process.pid), ...fixtureChildren()];
  await expect.poll(() => everyPid.filter(isAlive), soon).toEqual([]);
  expect(fixtureChildren()).toEqual([]);
});

describe("WarmPool", () => {
  it("keeps min initialized processes ready, leases one and refills", async () => {
    const pool = makePool("ok", { min: 2 });
    await pool.start();
    await expect.poll(() => pool.status(), soon).toMatchObject({ state: "running", ready: 2, leased: 0, starting: 0, crashes: 0 });
    for (const upstream of pool.processes()) {
      expect(upstream.state).toBe("ready");
      expect(upstream.initializeResult).toMatchObject({ capabilities: { tools: {} }, serverInfo: { name: "fake" } });
    }

    const upstream = await pool.lease();
    expect((upstream.initializeResult?.serverInfo as { name: string }).name).toBe("fake");
    expect(upstream.state).toBe("leased");
    expect(pool.status().leased).toBe(1);
    await expect.poll(() => pool.status(), soon).toMatchObject({ ready: 2, leased: 1, starting: 0 });
    expect(pids(pool)).toHaveLength(3);
    expect(new Set(pids(pool)).size).toBe(3);

    const lines = collect(upstream);
    expect(clientSend(upstream, echoCall(7, "hello"))).toBe(true);
    await expect.poll(() => lines, soon).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toEqual({ jsonrpc: "2.0", id: 7, result: { content: [{ type: "text", text: "Echo: hello" }] } });
  });

  it("stops a released process, refills, and does not count it as a crash", async () => {
    const pool = makePool("ok", { min: 1 });
    await pool.start();
    const upstream = await pool.lease();
    const pid = upstream.process.pid;
    await pool.release(upstream, "the session ended");
    expect(isAlive(pid)).toBe(false);
    expect(upstream.process.exited?.reason).toBe("the session ended");
    expect(upstream.crashed).toBe(false);
    await expect.poll(() => pool.status(), soon).toMatchObject({ ready: 1, leased: 0, starting: 0 });
    expect(pool.status().crashes).toBe(0);
    expect(pids(pool)).not.toContain(pid);
  });

  it("replaces a ready process killed with SIGKILL and counts the crash", async () => {
    const pool = makePool("ok", { min: 2 });
    await pool.start();
    await expect.poll(() => pool.status().ready, soon).toBe(2);
    const victim = pool.processes()[0]!;
    const pid = victim.process.pid!;
    process.kill(pid, "SIGKILL");
    await expect.poll(() => pool.status(), soon).toMatchObject({ state: "running", ready: 2, crashes: 1 });
    expect(pids(pool)).not.toContain(pid);
    expect(victim.process.exited).toMatchObject({ signal: "SIGKILL", reason: "killed by SIGKILL" });
    expect(victim.crashed).toBe(true);

    const leased = await pool.lease();
    expect(leased.alive).toBe(true);
    expect(leased.state).toBe("leased");
  });

  it("quarantines a deployment that crashes right after initialize, with its stderr", async () => {
    const pool = makePool("crash-after-init", { min: 1, crashLimit: 3 });
    await pool.start();
    await expect.poll(() => pool.status().state, soon).toBe("quarantined");
    const status = pool.status();
    expect(status).toMatchObject({ ready: 0, leased: 0, crashes: 3 });
    expect(status.quarantine?.reason).toContain("3 crashes within 10 s");
    expect(status.quarantine?.reason).toContain("exited with code 3");
    expect(status.quarantine?.stderr).toContain("boom: something broke");

    const error = await pool.lease().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PoolError);
    expect(error).toMatchObject({ reason: "quarantined" });
    expect((error as Error).message).toContain("is quarantined: 3 crashes within");
    // A quarantined pool starts nothing more.
    const started = spawned.length;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(spawned.length).toBe(started);
    expect(spawned.filter((upstream) => upstream.alive)).toEqual([]);
  });

  it("quarantines after repeated SIGKILLs and runs again after restart()", async () => {
    const pool = makePool("ok", { min: 1, crashLimit: 3 });
    await pool.start();
    for (let crash = 1; crash <= 3; crash++) {
      await expect.poll(() => pool.status().ready, soon).toBe(1);
      process.kill(pool.processes()[0]!.process.pid!, "SIGKILL");
      await expect.poll(() => pool.status().crashes, soon).toBe(crash);
    }
    expect(pool.status()).toMatchObject({ state: "quarantined", ready: 0 });
    expect(pool.status().quarantine?.reason).toContain("3 crashes within 10 s, the last: killed by SIGKILL");
    await expect(pool.lease()).rejects.toMatchObject({ name: "PoolError", reason: "quarantined" });

    await pool.restart();
    expect(pool.status()).toMatchObject({ state: "running", crashes: 0, quarantine: null });
    const upstream = await pool.lease();
    const lines = collect(upstream);
    clientSend(upstream, echoCall("after-restart", "again"));
    await expect.poll(() => lines, soon).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ id: "after-restart", result: { content: [{ text: "Echo: again" }] } });
    await expect.poll(() => pool.status(), soon).toMatchObject({ state: "running", ready: 1, leased: 1 });
  });

  it("fails start() for a server that never answers initialize, with its stderr", async () => {
    const pool = makePool("no-init", { min: 1, initializeTimeoutMs: 500 });
    const error = await pool.start().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PoolError);
    expect(error).toMatchObject({ reason: "failed" });
    const message = (error as Error).message;
    expect(message).toContain("could not start a server");
    expect(message).toContain("did not complete initialize");
    expect(message).toContain("no answer to initialize within 500 ms");
    expect(message).toContain("starting…");

    const first = spawned[0]!;
    expect(first.alive).toBe(false);
    expect(isAlive(first.process.pid)).toBe(false);
    expect(first.failure).toBe("did not complete initialize: no answer to initialize within 500 ms");
    expect(pool.status()).toMatchObject({ ready: 0, leased: 0 });
    // Stopping the pool ends whatever it retries in the background: nothing is left running.
    await pool.stop();
    expect(spawned.filter((upstream) => upstream.alive)).toEqual([]);
    expect(fixtureChildren()).toEqual([]);
  });

  it("fails and replaces a process that stops answering pings", async () => {
    const pool = makePool("hang-after-init", { min: 1, crashLimit: 100, pingIntervalMs: 200, pingTimeoutMs: 150 });
    await pool.start();
    const hung = pool.processes()[0]!;
    const pid = hung.process.pid!;
    expect(isAlive(pid)).toBe(true);

    await expect.poll(() => isAlive(pid), soon).toBe(false);
    expect(hung.failure).toBe("hung: no answer to ping within 150 ms");
    // The exit reaches us through the spawner helper's IPC, a little after the kernel reaped it.
    await expect.poll(() => hung.process.exited?.reason, soon).toBe("hung: no answer to ping within 150 ms");
    expect(hung.crashed).toBe(true);
    await expect.poll(() => pool.status().crashes, soon).toBeGreaterThanOrEqual(1);
    await expect.poll(() => pids(pool).filter((other) => other !== pid && isAlive(other)).length, soon).toBeGreaterThan(0);
  });

  it("shares a process among sessions when the component is shareable, and keeps it after they leave", async () => {
    const pool = makePool("ok", { min: 1, max: 2, shareable: true, maxSessionsPerProcess: 2 });
    await pool.start();
    const first = await pool.lease();
    const a = first.mux.attach();
    const second = await pool.lease();
    const b = second.mux.attach();
    expect(second).toBe(first);

    const replies: string[] = [];
    a.onMessage = (message) => replies.push(`a:${message.id}:${JSON.stringify(message.result)}`);
    b.onMessage = (message) => replies.push(`b:${message.id}:${JSON.stringify(message.result)}`);
    a.send({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "echo", arguments: { message: "from a" } } });
    b.send({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "echo", arguments: { message: "from b" } } });
    await expect.poll(() => replies.sort(), soon).toEqual([
      'a:1:{"content":[{"type":"text","text":"Echo: from a"}]}',
      'b:1:{"content":[{"type":"text","text":"Echo: from b"}]}',
    ]);

    // Full: the third session gets a process of its own, the spare the pool keeps warm.
    await expect.poll(() => pool.status().ready, soon).toBe(1);
    const third = await pool.lease();
    third.mux.attach();
    expect(third).not.toBe(first);

    a.detach();
    await pool.release(first, "session a ended");
    b.detach();
    await pool.release(first, "session b ended");
    expect(first.alive).toBe(true);
    expect(first.state).toBe("ready");
    expect(pool.status()).toMatchObject({ ready: 1, leased: 1, crashes: 0 });
  });

  it("refuses a lease beyond max", async () => {
    const pool = makePool("ok", { min: 0, max: 1 });
    await pool.start();
    expect(pool.status()).toMatchObject({ ready: 0, leased: 0, starting: 0 });
    expect(spawned).toHaveLength(0);

    const first = await pool.lease();
    expect(first.state).toBe("leased");
    const error = await pool.lease().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PoolError);
    expect(error).toMatchObject({ reason: "exhausted" });
    expect((error as Error).message).toContain("maximum of 1 processes");

    await pool.release(first, "done");
    const second = await pool.lease();
    expect(second.state).toBe("leased");
    expect(second.process.pid).not.toBe(first.process.pid);
  });

  it("scales up by starting processes and down by stopping idle ready ones at once", async () => {
    const pool = makePool("ok", { min: 1, max: 3 });
    await pool.start();
    await expect.poll(() => pool.status().ready, soon).toBe(1);

    pool.scale(3, 3);
    expect(pool.status().settings).toEqual({ min: 3, max: 3 });
    await expect.poll(() => pool.status(), soon).toMatchObject({ ready: 3, starting: 0 });
    const before = pids(pool);
    expect(before.every(isAlive)).toBe(true);

    pool.scale(0, 3);
    expect(pool.status()).toMatchObject({ ready: 0, settings: { min: 0, max: 3 } });
    await expect.poll(() => before.filter(isAlive), soon).toEqual([]);
    expect(pool.status().crashes).toBe(0);
    // Nothing comes back: min is 0 now.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(pool.status()).toMatchObject({ ready: 0, starting: 0 });
  });

  it("scaled down while processes are still starting, keeps only the new minimum once they are up", async () => {
    const pool = makePool("ok", { min: 1, max: 4 });
    await pool.start();
    await expect.poll(() => pool.status().ready, soon).toBe(1);
    pool.scale(3, 4);
    await expect.poll(() => pool.status().starting, soon).toBe(2);
    pool.scale(1, 4);
    await expect.poll(() => pool.status(), soon).toMatchObject({ ready: 1, starting: 0 });
    expect(pool.status().crashes).toBe(0);
  });

  it("stop() also ends processes that are still starting", async () => {
    const pool = makePool("ok", { min: 0, max: 2 });
    const leasing = pool.lease();
    expect(pool.status().starting).toBe(1);
    await pool.stop();
    await expect(leasing).rejects.toBeInstanceOf(PoolError);
    expect(spawned).toHaveLength(1);
    expect(spawned[0]!.alive).toBe(false);
    expect(pool.status()).toMatchObject({ state: "stopped", ready: 0, leased: 0, starting: 0 });
  });

  it("backs off exponentially between restarts of a crashing server", async () => {
    const starts: number[] = [];
    const pool = makePool("crash-after-init", { min: 1, crashLimit: 10, backoffBaseMs: 40, backoffMaxMs: 10_000, pingIntervalMs: 60_000 }, () =>
      starts.push(performance.now()),
    );
    await pool.start();
    await expect.poll(() => starts.length, { timeout: 9000, interval: 20 }).toBeGreaterThanOrEqual(6);
    await pool.stop();
    expect(pool.status().state).toBe("stopped");

    // Each gap is the process's short life plus the backoff (40, 80, 160, 320, 640 ms): the
    // life varies with load, the backoff doubles, so compare gaps far enough apart.
    const gaps = starts.slice(1, 6).map((at, i) => at - starts[i]!);
    expect(gaps[3]!).toBeGreaterThan(gaps[0]!);
    expect(gaps[4]!).toBeGreaterThan(gaps[1]!);
    expect(gaps[4]!).toBeGreaterThan(gaps[2]!);
  });
});
