import { describe, expect, it } from "vitest";
import type { Lease } from "../../protocol/upstream-handle.ts";
import { createLogger } from "../../../server/log/logger.ts";
import type { Refusal, ResolvedDeployment } from "../gateway.ts";
import { StatelessUpstreams } from "./stateless-upstreams.ts";

const deployment = (id: string) => ({ id, name: id }) as ResolvedDeployment;
const keyA = { keyId: "a", keyPrefix: "pa" };
const keyB = { keyId: "b", keyPrefix: "pb" };

/** A fleet stand-in: numbered leases, the releases it was given, and a way to make a process exit. */
function fakeFleet() {
  const released: Array<{ process: string; reason: string }> = [];
  const exits = new Map<string, Array<(exit: { reason: string }) => void>>();
  let leased = 0;
  let refuse = false;
  const options = {
    lease: async (): Promise<{ ok: true; lease: Lease } | Refusal> => {
      if (refuse) return { ok: false, status: 503, reason: "no_capacity", message: "full" };
      const process = `p${++leased}`;
      const handle = { initializeResult: {}, attach: () => { throw new Error("not used"); }, onExit: (listener: (exit: { reason: string }) => void) => {
        exits.set(process, [...(exits.get(process) ?? []), listener]);
        return () => {};
      } };
      return { ok: true, lease: { handle, node: "n", process } };
    },
    release: async (_: ResolvedDeployment, lease: Lease, reason: string) => {
      released.push({ process: lease.process, reason });
    },
    log: createLogger("silent"),
  };
  return {
    options,
    released,
    get leased() {
      return leased;
    },
    refuseLeases: () => (refuse = true),
    exit: (process: string) => exits.get(process)?.forEach((listener) => listener({ reason: "exited with code 1" })),
  };
}

const processOf = (acquired: Awaited<ReturnType<StatelessUpstreams["acquire"]>>) => {
  if (!acquired.ok) throw new Error(acquired.message);
  return acquired.upstream;
};

describe("StatelessUpstreams", () => {
  it("keeps one process per key and deployment, and leases once for requests that arrive together", async () => {
    const fleet = fakeFleet();
    const upstreams = new StatelessUpstreams(fleet.options);
    const [first, second] = await Promise.all([upstreams.acquire(keyA, deployment("d1")), upstreams.acquire(keyA, deployment("d1"))]);
    expect(processOf(first)).toBe(processOf(second));
    expect(processOf(first).users).toBe(2);
    expect(processOf(await upstreams.acquire(keyB, deployment("d1")))).not.toBe(processOf(first));
    expect(processOf(await upstreams.acquire(keyA, deployment("d2")))).not.toBe(processOf(first));
    expect(fleet.leased).toBe(3);
  });

  it("gives a process back once idle for idleMs, never while in use", async () => {
    let now = 0;
    const fleet = fakeFleet();
    const upstreams = new StatelessUpstreams({ ...fleet.options, idleMs: 60_000, now: () => now });
    const busy = processOf(await upstreams.acquire(keyA, deployment("d1")));
    const idle = processOf(await upstreams.acquire(keyB, deployment("d1")));
    upstreams.done(idle);
    now = 59_999;
    upstreams.sweep();
    expect(fleet.released).toEqual([]);
    now = 60_000;
    upstreams.sweep();
    expect(fleet.released.map((r) => r.process)).toEqual([idle.lease.process]);
    now = 600_000;
    upstreams.sweep();
    expect(fleet.released).toHaveLength(1);
    upstreams.done(busy);
    // The next request of an idle key leases afresh.
    expect(processOf(await upstreams.acquire(keyB, deployment("d1")))).not.toBe(idle);
  });

  it("retires a revoked key's processes, giving each back when its last user is done", async () => {
    const fleet = fakeFleet();
    const upstreams = new StatelessUpstreams(fleet.options);
    const upstream = processOf(await upstreams.acquire(keyA, deployment("d1")));
    upstreams.retireKey("pa");
    expect(fleet.released).toEqual([]);
    expect(processOf(await upstreams.acquire(keyA, deployment("d1")))).not.toBe(upstream);
    upstreams.done(upstream);
    expect(fleet.released).toEqual([{ process: upstream.lease.process, reason: "stateless process: the API key was revoked" }]);
  });

  it("forgets a process that exited, and releases every process when closed", async () => {
    const fleet = fakeFleet();
    const upstreams = new StatelessUpstreams(fleet.options);
    const gone = processOf(await upstreams.acquire(keyA, deployment("d1")));
    upstreams.done(gone);
    fleet.exit(gone.lease.process);
    expect(fleet.released.map((r) => r.process)).toEqual([gone.lease.process]);
    const inUse = processOf(await upstreams.acquire(keyA, deployment("d1")));
    expect(inUse).not.toBe(gone);
    await upstreams.close();
    upstreams.done(inUse);
    expect(fleet.released.map((r) => r.process)).toEqual([gone.lease.process, inUse.lease.process]);
    expect(upstreams.size).toBe(0);
  });

  it("passes a refused lease on and keeps nothing", async () => {
    const fleet = fakeFleet();
    fleet.refuseLeases();
    const upstreams = new StatelessUpstreams(fleet.options);
    expect(await upstreams.acquire(keyA, deployment("d1"))).toMatchObject({ ok: false, status: 503, reason: "no_capacity" });
    expect(upstreams.size).toBe(0);
  });
});
