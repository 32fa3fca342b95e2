import http from "node:http";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agentRequestHandler } from "../../runner/agent/agent-server.ts";
import { ComponentStore } from "../../runner/agent/component-store.ts";
import { NodeAgent } from "../../runner/agent/node-agent.ts";
import { deployAll } from "../deployments/deploy-all.ts";
import { appRouter } from "../trpc/root.ts";
import { consoleHeaders, openTestRuntime } from "../trpc/test-runtime.ts";

/** A real agent with real server-everything processes, driven through the tRPC fleet router. */
describe("fleet", () => {
  let runtime: Awaited<ReturnType<typeof openTestRuntime>>;
  let agent: NodeAgent;
  let server: http.Server;
  let agentUrl: string;
  const caller = () => appRouter.createCaller({ runtime, headers: consoleHeaders() });

  beforeAll(async () => {
    runtime = await openTestRuntime();
    server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    agentUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const store = new ComponentStore(path.join(os.tmpdir(), "switchyard-test-components"), runtime.projectRoot);
    agent = new NodeAgent({ address: agentUrl, capacity: 8, engine: runtime.engine, store, log: runtime.log, poolDefaults: { backoffBaseMs: 20 } });
    server.on("request", agentRequestHandler(agent, runtime.agentToken));
    await agent.start();
    await deployAll({ db: runtime.database.prisma, secretBox: runtime.secretBox, agent, log: runtime.log });
  });

  afterAll(async () => {
    await agent.stop();
    server.close();
    await runtime.close();
  });

  it("shows the node, the tenant's deployment and its warm process", async () => {
    const overview = await caller().fleet.overview();
    expect(overview.nodes.map((n) => n.address)).toEqual([agentUrl]);
    const everything = overview.deployments.find((d) => d.name === "everything")!;
    expect(everything.stopped).toBe(false);
    expect(everything.nodes[0]).toMatchObject({ state: "running", ready: 1, leased: 0 });
    expect(everything.processes).toHaveLength(1);
    expect(everything.processes[0]).toMatchObject({ state: "ready", deployment: "everything" });
    expect(everything.processes[0]!.rssBytes).toBeGreaterThan(0);
  });

  it("scales, and keeps the new size in the database", async () => {
    await caller().fleet.scale({ name: "everything", min: 2, max: 4 });
    await expect.poll(async () => (await caller().fleet.overview()).deployments[0]!.nodes[0]!.ready, { timeout: 10_000 }).toBe(2);
    const row = await runtime.database.prisma.deployment.findFirstOrThrow({ where: { name: "everything" } });
    expect([row.poolMin, row.poolMax]).toEqual([2, 4]);
    await caller().fleet.scale({ name: "everything", min: 1, max: 16 });
    await expect.poll(async () => (await caller().fleet.overview()).deployments[0]!.nodes[0]!.ready, { timeout: 10_000 }).toBe(1);
  });

  it("stops and starts a deployment; the stop survives in the database", async () => {
    await caller().fleet.stop({ name: "everything" });
    let everything = (await caller().fleet.overview()).deployments[0]!;
    expect(everything.stopped).toBe(true);
    expect(everything.nodes).toEqual([]);
    expect(everything.processes).toEqual([]);
    await caller().fleet.start({ name: "everything" });
    everything = (await caller().fleet.overview()).deployments[0]!;
    expect(everything.stopped).toBe(false);
    expect(everything.processes.map((p) => p.state)).toEqual(["ready"]);
    const audit = await runtime.database.prisma.auditEvent.findMany({ where: { target: "deployment:everything", action: { startsWith: "deployment." } } });
    expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(["deployment.stop", "deployment.start", "deployment.scale"]));
  });

  it("restarts with fresh processes and tails a process's stderr", async () => {
    const before = (await caller().fleet.overview()).deployments[0]!.processes.map((p) => p.pid);
    await caller().fleet.restart({ name: "everything" });
    const after = (await caller().fleet.overview()).deployments[0]!.processes;
    expect(after.map((p) => p.pid)).not.toEqual(before);
    const lines = await caller().fleet.stderr({ processId: after[0]!.id });
    expect(Array.isArray(lines)).toBe(true);
  });

  it("shows a deployment quarantined after repeated crashes, with its stderr, until a restart", async () => {
    const everything = () => caller().fleet.overview().then((o) => o.deployments.find((d) => d.name === "everything")!);
    const readyPid = async () => (await everything()).processes.find((p) => p.state === "ready")?.pid ?? null;
    for (let crash = 0; crash < 5; crash++) {
      await expect.poll(readyPid, { timeout: 10_000 }).not.toBeNull();
      const victim = (await readyPid())!;
      process.kill(victim, "SIGKILL");
      await expect.poll(async () => (await everything()).processes.some((p) => p.pid === victim), { timeout: 10_000 }).toBe(false);
    }
    const quarantined = await everything();
    expect(quarantined.nodes[0]).toMatchObject({ state: "quarantined" });
    expect(quarantined.nodes[0]!.quarantine!.reason).toMatch(/^5 crashes within 60 s, the last: killed by SIGKILL/);
    expect(Array.isArray(quarantined.nodes[0]!.quarantine!.stderr)).toBe(true);
    expect(quarantined.processes).toEqual([]);
    await caller().fleet.restart({ name: "everything" });
    expect((await everything()).nodes[0]).toMatchObject({ state: "running", quarantine: null, crashes: 0, ready: 1 });
  });

  it("never shows or touches another tenant's deployments", async () => {
    const other = await runtime.database.prisma.tenant.create({ data: { slug: "other-fleet", name: "Other" } });
    const otherCaller = appRouter.createCaller({ runtime: { ...runtime, localTenantId: other.id }, headers: consoleHeaders() });
    expect((await otherCaller.fleet.overview()).deployments).toEqual([]);
    await expect(otherCaller.fleet.stop({ name: "everything" })).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: 'your tenant has no deployment named "everything"',
    });
    const mine = (await caller().fleet.overview()).deployments[0]!;
    await expect(otherCaller.fleet.stderr({ processId: mine.processes[0]!.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(mine.stopped).toBe(false);
  });

  it("refuses bad input naming the field", async () => {
    await expect(caller().fleet.scale({ name: "everything", min: 5, max: 2 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(caller().fleet.scale({ name: "everything", min: -1, max: 2 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(caller().fleet.start({ name: "no spaces" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const row = await runtime.database.prisma.deployment.findFirstOrThrow({ where: { name: "everything" } });
    expect([row.poolMin, row.poolMax]).toEqual([1, 16]);
  });

  it("the agent's control API refuses a missing or wrong token", async () => {
    for (const authorization of [undefined, "Bearer wrong-token"]) {
      const response = await fetch(`${agentUrl}/v1/processes`, { headers: authorization ? { authorization } : {} });
      expect(response.status).toBe(401);
      expect((await response.json()).error.data.reason).toBe("agent_token");
    }
    const health = await fetch(`${agentUrl}/healthz`);
    expect(health.status).toBe(200);
  });
});
