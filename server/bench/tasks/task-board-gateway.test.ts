/** Tasks through the gateway's session path, as the bench uses them: a hosted everything deployment over streamable HTTP. */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type GatewayHarness, startGatewayHarness } from "../../../runner/gateway/test/harness.ts";
import { eventually } from "../../../runner/test-support/eventually.ts";
import { TaskBoard, runsToolTasks } from "./task-board.ts";

let h: GatewayHarness;
let client: Client;

beforeAll(async () => {
  h = await startGatewayHarness();
  client = new Client({ name: "bench-test", version: "0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${h.url}/mcp/everything`), { requestInit: { headers: { Authorization: `Bearer ${h.tenantA.key}` } } }));
}, 60_000);

afterAll(async () => {
  await client?.close();
  await h?.close();
});

it("runs a tool as a task through the gateway, lists it, and gets its result", async () => {
  expect(runsToolTasks(client.getServerCapabilities())).toBe(true);
  const board = new TaskBoard(client);
  const task = await board.startTool("simulate-research-query", { topic: "harbours" });
  await eventually("the task's result", 20_000, () => board.snapshot().find((e) => e.task.taskId === task.taskId)?.result?.status === "done");
  expect(JSON.stringify(board.snapshot()[0]!.result)).toContain("harbours");
  const fresh = new TaskBoard(client);
  await fresh.refresh();
  expect(fresh.snapshot().map((e) => e.task.taskId)).toContain(task.taskId);
  board.close();
  fresh.close();
}, 30_000);
