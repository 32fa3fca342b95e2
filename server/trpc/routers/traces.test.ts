import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "../root.ts";
import { consoleHeaders, openTestRuntime } from "../test-runtime.ts";

describe("traces router", () => {
  let runtime: Awaited<ReturnType<typeof openTestRuntime>>;
  const caller = () => appRouter.createCaller({ runtime, headers: consoleHeaders() });
  const key = "sy_abcd1234_0123456789abcdefghij";

  beforeAll(async () => {
    runtime = await openTestRuntime();
  });
  afterAll(() => runtime.close());

  it("saves a redacted trace for the tenant, lists, gets and deletes it", async () => {
    const saved = await caller().traces.save({
      name: "everything — echo",
      connection: { label: "everything", url: "http://127.0.0.1:8080/mcp/everything", transport: "streamable-http", revision: "2025-11-25", headers: { Authorization: `Bearer ${key}` } },
      messages: [{ seq: 1, direction: "out", kind: "request", message: { jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "echo", arguments: { message: key } } } }],
    });
    expect(saved.redacted).toContain("connection.headers.Authorization");
    const trace = await caller().traces.get({ id: saved.id });
    expect(JSON.stringify(trace)).not.toContain(key);
    expect(trace).toMatchObject({ name: "everything — echo", connection: { headers: { Authorization: "[redacted]" } }, messages: [{ seq: 1, kind: "request" }] });
    expect((await caller().traces.list()).map((t) => t.id)).toContain(saved.id);
    await caller().traces.delete({ id: saved.id });
    const missing = await caller().traces.get({ id: saved.id }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(TRPCError);
    expect((missing as TRPCError).code).toBe("NOT_FOUND");
  });

  it("names the bad field", async () => {
    const error = await caller().traces.save({ name: " ", connection: {}, messages: [] }).catch((e: unknown) => e);
    expect((error as TRPCError).code).toBe("BAD_REQUEST");
    expect((error as Error).message).toContain("expected a name for the trace");
  });
});
