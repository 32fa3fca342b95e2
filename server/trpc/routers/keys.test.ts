import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHANNELS } from "../../../runner/protocol/channels.ts";
import { appRouter } from "../root.ts";
import { consoleHeaders, openTestRuntime } from "../test-runtime.ts";

describe("keys router", () => {
  let runtime: Awaited<ReturnType<typeof openTestRuntime>>;
  const caller = (headers = consoleHeaders()) => appRouter.createCaller({ runtime, headers });

  beforeAll(async () => {
    runtime = await openTestRuntime();
  });
  afterAll(() => runtime.close());

  it("creates a key, shows its secret once and lists only its prefix", async () => {
    const { key, view } = await caller().keys.create({ name: "ci-runner", scopes: ["everything"], rateLimitPerMinute: 60 });
    expect(key).toMatch(new RegExp(`^sy_${view.prefix}_[A-Za-z0-9_-]{43}$`));
    const listed = (await caller().keys.list()).find((k) => k.id === view.id);
    expect(listed).toEqual({
      id: view.id,
      name: "ci-runner",
      prefix: view.prefix,
      scopes: ["everything"],
      rateLimitPerMinute: 60,
      dailyQuota: null,
      lastUsedAt: null,
      revokedAt: null,
      createdAt: view.createdAt,
      today: { calls: 0, errors: 0, bytes: 0, latencyMs: 0 },
      quotaUsed: null,
    });
    expect(JSON.stringify(await caller().keys.list())).not.toContain(key.slice(16));
    const row = await runtime.database.prisma.apiKey.findUniqueOrThrow({ where: { id: view.id } });
    expect(row.secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.secretHash).not.toContain(key.slice(16));
  });

  it("applies the defaults: all deployments, 600 calls a minute, no daily quota", async () => {
    const { view } = await caller().keys.create({ name: "defaults" });
    expect(view.scopes).toEqual(["*"]);
    expect(view.rateLimitPerMinute).toBe(600);
    expect(view.dailyQuota).toBeNull();
  });

  it("creates a key with a daily quota and lists it", async () => {
    const { view } = await caller().keys.create({ name: "metered", dailyQuota: 10_000 });
    expect(view.dailyQuota).toBe(10_000);
    expect((await caller().keys.list()).find((k) => k.id === view.id)?.dailyQuota).toBe(10_000);
    expect((await runtime.database.prisma.apiKey.findUniqueOrThrow({ where: { id: view.id } })).dailyQuota).toBe(10_000);
  });

  it.each([
    [{ name: "" }, "name: expected a name for the key, e.g. ci-runner"],
    [{ name: "   " }, "name: expected a name for the key, e.g. ci-runner"],
    [{ name: "x".repeat(65) }, "name: expected at most 64 characters"],
    [{ name: "k", scopes: [] }, 'scopes: expected at least one scope, e.g. ["*"]'],
    [{ name: "k", scopes: ["no spaces"] }, 'scopes.0: expected "*" or a deployment name such as everything'],
    [{ name: "k", rateLimitPerMinute: 0 }, "rateLimitPerMinute: expected at least 1 call per minute"],
    [{ name: "k", rateLimitPerMinute: 1.5 }, "rateLimitPerMinute: expected a whole number of calls per minute, e.g. 600"],
    [{ name: "k", dailyQuota: 0 }, "dailyQuota: expected at least 1 call per day"],
    [{ name: "k", dailyQuota: 1.5 }, "dailyQuota: expected a whole number of calls per day, e.g. 10000"],
    [{ name: "k", dailyQuota: "x" }, "dailyQuota: expected a number of calls per day, e.g. 10000"],
    [{ name: "k", dailyQuota: 2 ** 31 }, "dailyQuota: expected at most 1000000000 calls per day"],
    [{ name: 42 }, "name: expected a name for the key, e.g. ci-runner"],
  ])("refuses %j naming the field, and creates nothing", async (input, message) => {
    const before = (await caller().keys.list()).length;
    const response = await fetchRouter("keys.create", input);
    expect(response.error.data.code).toBe("BAD_REQUEST");
    expect(response.error.message).toBe(message);
    expect((await caller().keys.list()).length).toBe(before);
  });

  it("formats validation errors as one line plus every field", async () => {
    const response = await fetchRouter("keys.create", { name: "", rateLimitPerMinute: 0 });
    expect(response.error.message).toBe("name: expected a name for the key, e.g. ci-runner");
    expect(response.error.data.fieldErrors).toEqual({
      name: "expected a name for the key, e.g. ci-runner",
      rateLimitPerMinute: "expected at least 1 call per minute",
    });
  });

  it("revokes a key and tells every gateway at once", async () => {
    const { view } = await caller().keys.create({ name: "to-revoke" });
    const announced: string[] = [];
    const unsubscribe = await runtime.engine.subscribe(CHANNELS.keyRevoked, (prefix) => announced.push(prefix));
    const revoked = await caller().keys.revoke({ id: view.id });
    expect(revoked.revokedAt).not.toBeNull();
    await expect.poll(() => announced).toEqual([view.prefix]);
    await unsubscribe();
    await expect(caller().keys.revoke({ id: view.id })).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining(`sy_${view.prefix}_… was already revoked at`),
    });
    const audit = await runtime.database.prisma.auditEvent.findMany({ where: { target: `key:${view.prefix}` }, orderBy: { id: "asc" } });
    expect(audit.map((e) => e.action)).toEqual(["key.create", "key.revoke"]);
  });

  it("cannot revoke another tenant's key", async () => {
    const other = await runtime.database.prisma.tenant.create({ data: { slug: "other", name: "Other" } });
    const key = await runtime.database.prisma.apiKey.create({
      data: { tenantId: other.id, name: "theirs", prefix: "0123456789ab", secretHash: "0".repeat(64), scopes: ["*"] },
    });
    await expect(caller().keys.revoke({ id: key.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await runtime.database.prisma.apiKey.findUniqueOrThrow({ where: { id: key.id } })).revokedAt).toBeNull();
    expect((await caller().keys.list()).map((k) => k.id)).not.toContain(key.id);
  });

  it("refuses a malformed id with a field message", async () => {
    const response = await fetchRouter("keys.revoke", { id: "abc" });
    expect(response.error.data.code).toBe("BAD_REQUEST");
    expect(response.error.message).toBe("id: expected the id of one of your keys (a UUID)");
  });

  it.each([
    ["no cookie", { cookie: "" }, "open the console through the link printed by `npm start`"],
    ["a wrong token", { cookie: "sy_session=guess" }, "open the console through the link printed by `npm start`"],
    ["another site's origin", { origin: "http://evil.example" }, "requests must come from the console at http://127.0.0.1:3000"],
    ["a cross-site fetch", { origin: "", "sec-fetch-site": "cross-site" }, "requests must come from the console"],
    ["a rebound host name", { host: "attacker.example:3000" }, "requests must come from the console"],
  ])("refuses a console request with %s", async (_label, headers, message) => {
    await expect(caller(consoleHeaders(headers)).keys.list()).rejects.toMatchObject({
      code: "UNAUTHORIZED",
      message: expect.stringContaining(message),
    });
  });

  it("refuses a state-changing request without an Origin, though its cookie is right", async () => {
    await expect(caller(consoleHeaders({ origin: "" })).keys.create({ name: "no origin", scopes: ["*"] })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringContaining("state-changing requests must carry an Origin header"),
    });
    expect(Array.isArray(await caller(consoleHeaders({ origin: "" })).keys.list())).toBe(true);
  });

  it("accepts the console from localhost as well as 127.0.0.1", async () => {
    const headers = consoleHeaders({ host: "localhost:3000", origin: "http://localhost:3000" });
    expect(Array.isArray(await caller(headers).keys.list())).toBe(true);
  });

  async function fetchRouter(path: string, input: unknown) {
    const { fetchRequestHandler } = await import("@trpc/server/adapters/fetch");
    const req = new Request(`http://127.0.0.1:3000/api/trpc/${path}`, {
      method: "POST",
      headers: { ...Object.fromEntries(consoleHeaders()), "content-type": "application/json" },
      body: JSON.stringify(input),
    });
    const response = await fetchRequestHandler({ endpoint: "/api/trpc", req, router: appRouter, createContext: () => ({ runtime, headers: req.headers }) });
    return (await response.json()) as { error: { message: string; data: { code: string; fieldErrors: Record<string, string> } } };
  }
});
