import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "../trpc/root.ts";
import { consoleHeaders, openTestRuntime } from "../trpc/test-runtime.ts";

describe("bench.targets", () => {
  let runtime: Awaited<ReturnType<typeof openTestRuntime>>;
  beforeAll(async () => {
    runtime = await openTestRuntime();
  });
  afterAll(() => runtime.close());

  it("lists the tenant's deployments with their gateway endpoints", async () => {
    const targets = await appRouter.createCaller({ runtime, headers: consoleHeaders() }).bench.targets();
    expect(targets.gateway).toBe("http://127.0.0.1:8080");
    expect(targets.deployments).toContainEqual(
      expect.objectContaining({
        name: "everything",
        stopped: false,
        endpoints: { mcp: "http://127.0.0.1:8080/mcp/everything", sse: "http://127.0.0.1:8080/sse/everything", ws: "ws://127.0.0.1:8080/ws/everything" },
      }),
    );
  });

  it("needs the console session", async () => {
    await expect(appRouter.createCaller({ runtime, headers: consoleHeaders({ cookie: "" }) }).bench.targets()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});
