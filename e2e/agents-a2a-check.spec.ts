/**
 * The product started like `npm start`: the demo tenant's customer-service agent is an A2A agent
 * on the gateway (the @a2a-js/sdk client with the demo key), and `switchyard check --agent` runs
 * an eval suite against it through the web app's management API.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { TaskState } from "@a2a-js/sdk";
import { expect, test } from "@playwright/test";
import { customerServiceEvals } from "../cases/customer-service/evals.ts";
import { send, text, v1Client } from "../runner/a2a/test/a2a-clients.ts";
import { type Product, startProduct } from "./product.ts";

const run = promisify(execFile);
const PORT_BASE = 3600;

let product: Product;
let workDir: string;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(300_000);
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), "sy-agents-a2a-"));
  product = await startProduct("embedded", PORT_BASE);
});

test.afterAll(async () => {
  await product?.stop();
  fs.rmSync(workDir, { recursive: true, force: true });
});

test("the case's agent answers over A2A at /a2a/agents/<id> and keeps the context", async () => {
  const client = await v1Client(product.gateway, "agents/customer-service", product.demoKey);
  const first = await client.sendMessage(send([text("Where is my order 1002?")]));
  if (!("status" in first)) throw new Error("expected a task");
  expect(first.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
  expect(JSON.stringify(first.artifacts)).toContain("1Z999AA10123456784");
  const next = await client.sendMessage(send([text("Thanks! What was the tracking number again?")], { contextId: first.contextId }));
  if (!("status" in next)) throw new Error("expected a task");
  expect(JSON.stringify(next.artifacts)).toContain("The tracking number of order 1002 is 1Z999AA10123456784 (UPS).");
});

test("switchyard check --agent runs an eval suite against the running product", async () => {
  test.setTimeout(240_000);
  const suite = { ...customerServiceEvals, cases: customerServiceEvals.cases.filter((c) => c.id === "order-status" || c.id === "damaged-refund") };
  const file = path.join(workDir, "evals.json");
  fs.writeFileSync(file, JSON.stringify(suite));
  const junit = path.join(workDir, "evals.xml");
  const { stdout } = await run("node", ["bin/switchyard.mjs", "check", file, "--agent", "customer-service", "--runs", "2", "--url", product.web, "--key", product.demoKey, "--junit", junit], { timeout: 200_000 });
  expect(stdout).toContain("evals for customer-service: 2 run(s) per case, 100% of runs passed — ok");
  expect(fs.readFileSync(junit, "utf8")).toContain('tests="2" failures="0"');
});
