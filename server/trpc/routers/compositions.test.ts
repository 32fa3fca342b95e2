import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveDeployment } from "../../deployments/resolve-deployment.ts";
import { controlDeployment, fleetOverview } from "../../fleet/fleet-service.ts";
import { appRouter } from "../root.ts";
import { consoleHeaders, openTestRuntime } from "../test-runtime.ts";

/** The error a call fails with, as the console receives it. */
async function failure(promise: Promise<unknown>): Promise<TRPCError & { shape?: unknown }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof TRPCError)) throw new Error(`expected a tRPC error, got ${String(error)}`);
  return error;
}

describe("compositions router", () => {
  let runtime: Awaited<ReturnType<typeof openTestRuntime>>;
  const caller = () => appRouter.createCaller({ runtime, headers: consoleHeaders() });
  const members = [
    { deployment: "everything", prefix: "a_", exclude: ["get-env"] },
    { deployment: "everything", prefix: "b_", include: ["echo"], tools: { echo: { name: "shout", fixedArguments: { message: "hi" } } } },
  ];

  beforeAll(async () => {
    runtime = await openTestRuntime();
  });
  afterAll(() => runtime.close());

  it("saves a composite as a deployment of the tenant, lists it with its endpoints, and audits it", async () => {
    const { view, review } = await caller().compositions.create({ name: "combo", members });
    expect(view).toMatchObject({
      name: "combo",
      stopped: false,
      composition: { members: [{ ...members[0], prefix: "a_" }, members[1]] },
      endpoints: { mcp: "http://127.0.0.1:8080/mcp/combo", sse: "http://127.0.0.1:8080/sse/combo", ws: "ws://127.0.0.1:8080/ws/combo" },
    });
    // No node agent runs in this test: the members' tools could not be checked, which is said, not fatal.
    expect(review.problems).toEqual([]);
    expect(review.warnings[0]).toMatch(/^member 1 \(everything \(prefix "a_"\)\): its tools could not be listed, so they were not checked: /);
    expect((await caller().compositions.list()).map((c) => c.name)).toEqual(["combo"]);
    expect(await caller().compositions.get({ name: "combo" })).toEqual(view);

    const row = await runtime.database.prisma.deployment.findFirstOrThrow({ where: { name: "combo" } });
    expect(row).toMatchObject({ componentVersionId: null, poolMin: 0 });
    const events = await runtime.database.prisma.auditEvent.findMany({ where: { target: "deployment:combo" }, orderBy: { at: "asc" } });
    expect(events.map((e) => [e.action, e.actor, e.data])).toEqual([["composition.create", "local-console", { members: ['everything (prefix "a_")', 'everything (prefix "b_")'] }]]);

    const resolved = await resolveDeployment({ db: runtime.database.prisma, secretBox: runtime.secretBox, tenantId: runtime.localTenantId!, name: "combo" });
    expect(resolved?.composition?.members).toHaveLength(2);
    expect(resolved && "members" in resolved ? resolved.members.map((m) => m?.name) : []).toEqual(["everything", "everything"]);
  });

  it("refuses bad compositions, naming the field and the fix, and saves nothing", async () => {
    const cases: Array<[unknown, string]> = [
      [{ name: "x y", members }, "name: expected a name of 1 to 63 letters, digits, _ or -, starting with a letter or digit, e.g. workbench"],
      [{ name: "c1", members: [] }, "members: expected at least one member deployment"],
      [{ name: "c1", members: [{ deployment: "everything" }, { deployment: "everything" }] }, 'members.1.prefix: members 1 and 2 both offer deployment everything\'s tools with the prefix "", so every tool would clash: give member 2 another prefix, e.g. "everything_"'],
      [{ name: "c1", members: [{ deployment: "nope" }] }, 'members.0.deployment: your tenant has no deployment named "nope"'],
      [{ name: "c1", members: [{ deployment: "combo" }] }, 'members.0.deployment: "combo" is a composite itself: its members can be members here instead'],
      [{ name: "c1", members: [{ deployment: "c1" }] }, "members.0.deployment: a composite cannot be a member of itself: pick one of your other deployments"],
      [{ name: "everything", members: [{ deployment: "everything" }] }, 'name: you already have a deployment named "everything"; pick another name'],
    ];
    for (const [input, message] of cases) {
      const response = await fetchRouter("compositions.create", input);
      expect(response.error.message, JSON.stringify(input)).toBe(message);
    }
    // Each field's message, for the form.
    const response = await fetchRouter("compositions.create", { name: "c1", members: [{ deployment: "nope" }, { deployment: "everything", prefix: "?" }] });
    expect(response.error.data.fieldErrors).toEqual({ "members.1.prefix": 'expected a prefix of at most 32 letters, digits, _ or -, e.g. "gh_"' });
    expect((await caller().compositions.list()).map((c) => c.name)).toEqual(["combo"]);
  });

  /** A call as the browser makes it, through the error formatter. */
  async function fetchRouter(path: string, input: unknown) {
    const { fetchRequestHandler } = await import("@trpc/server/adapters/fetch");
    const req = new Request(`http://127.0.0.1:3000/api/trpc/${path}`, {
      method: "POST",
      headers: { ...Object.fromEntries(consoleHeaders()), "content-type": "application/json" },
      body: JSON.stringify(input),
    });
    const response = await fetchRequestHandler({ endpoint: "/api/trpc", req, router: appRouter, createContext: () => ({ runtime, headers: req.headers }) });
    return (await response.json()) as { error: { message: string; data: { code: string; fieldErrors?: Record<string, string> } } };
  }

  it("updates and deletes only composites", async () => {
    const { view } = await caller().compositions.update({ name: "combo", members: [{ deployment: "everything", prefix: "only_" }] });
    expect(view.composition).toEqual({ members: [{ deployment: "everything", prefix: "only_" }] });
    expect((await failure(caller().compositions.update({ name: "combo", members: [{ deployment: "combo" }] }))).message).toBe(
      "members.0.deployment: a composite cannot be a member of itself: pick one of your other deployments",
    );
    expect((await failure(caller().compositions.update({ name: "everything", members: [{ deployment: "everything" }] }))).message).toBe('your tenant has no composite named "everything"');
    expect((await failure(caller().compositions.delete({ name: "everything" }))).code).toBe("NOT_FOUND");
    expect(await caller().compositions.delete({ name: "combo" })).toEqual({ deleted: "combo" });
    expect(await caller().compositions.list()).toEqual([]);
    expect(await runtime.database.prisma.deployment.count({ where: { name: "everything" } })).toBe(1);
    const actions = await runtime.database.prisma.auditEvent.findMany({ where: { target: "deployment:combo" }, orderBy: { at: "asc" }, select: { action: true } });
    expect(actions.map((a) => a.action)).toEqual(["composition.create", "composition.update", "composition.delete"]);
  });

  it("shows composites apart on the fleet page; they start and stop but have no pool to restart or scale", async () => {
    await caller().compositions.create({ name: "pair", members });
    const overview = await fleetOverview(runtime, runtime.localTenantId!);
    expect(overview.deployments.map((d) => d.name)).toEqual(["everything"]);
    expect(overview.composites).toEqual([{ name: "pair", stopped: false, members: ["everything", "everything"] }]);
    await controlDeployment(runtime, runtime.localTenantId!, "test", "pair", { action: "stop" });
    expect((await caller().compositions.get({ name: "pair" })).stopped).toBe(true);
    await expect(controlDeployment(runtime, runtime.localTenantId!, "test", "pair", { action: "restart" })).rejects.toThrow(
      '"pair" is a composite: it has no processes of its own to restart; restart its member deployments instead',
    );
  });

  it("keeps exactly one of a component version and a composition on every deployment (database check)", async () => {
    const db = runtime.database.prisma;
    const version = await db.componentVersion.findFirstOrThrow({ select: { id: true } });
    const tenantId = runtime.localTenantId!;
    await expect(db.deployment.create({ data: { tenantId, name: "neither" } })).rejects.toThrow(/Deployment_component_or_composition/);
    await expect(db.deployment.create({ data: { tenantId, name: "both", componentVersionId: version.id, composition: { members: [] } } })).rejects.toThrow(/Deployment_component_or_composition/);
    await expect(db.deployment.create({ data: { tenantId, name: "scalar", composition: "members" } })).rejects.toThrow(/Deployment_component_or_composition/);
    expect(await db.deployment.count({ where: { name: { in: ["neither", "both", "scalar"] } } })).toBe(0);
  });
});
