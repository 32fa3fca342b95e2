/**
 * The customer-service desk server as a client sees it over stdio, and as the product runs it: from
 * the component store where npm linked it (a workspace of the project), inside the node's sandbox.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ComponentStore } from "../../runner/agent/component-store.ts";
import { detectIsolation } from "../../runner/agent/isolation/detect.ts";
import { withDefaultLimits } from "../../runner/agent/isolation/limits.ts";
import { NodeAgent } from "../../runner/agent/node-agent.ts";
import { MemoryEngine } from "../../server/engine/memory-engine.ts";
import { createLogger } from "../../server/log/logger.ts";
import { CUSTOMER_SERVICE_PACKAGE, customerServiceManifest } from "./manifest.ts";

const REPO_ROOT = path.resolve(import.meta.dirname, "../..");
const BIN = path.join(import.meta.dirname, "server/bin/customer-service-mcp.mjs");

let client: Client;

beforeAll(async () => {
  client = new Client({ name: "test", version: "1.0.0" });
  await client.connect(new StdioClientTransport({ command: process.execPath, args: [BIN], stderr: "pipe" }));
});

afterAll(async () => {
  await client?.close();
});

async function call(name: string, args: Record<string, unknown>) {
  return (await client.callTool({ name, arguments: args })) as { isError?: boolean; structuredContent?: Record<string, unknown>; content: Array<{ text: string }> };
}

describe("the customer-service desk server", () => {
  it("offers its tools with annotations that mark what changes things for good", async () => {
    const { tools } = await client.listTools();
    const hints = Object.fromEntries(tools.map((t) => [t.name, [t.annotations?.readOnlyHint ?? false, t.annotations?.destructiveHint ?? null]]));
    expect(hints).toEqual({
      lookup_order: [true, null],
      find_customer: [true, null],
      search_kb: [true, null],
      create_ticket: [false, false],
      issue_refund: [false, true],
      escalate_to_human: [false, true],
    });
  });

  it("looks orders and customers up, and says what to do about a wrong number", async () => {
    const found = await call("lookup_order", { orderId: "#1002" });
    expect(found.structuredContent).toMatchObject({ order: { id: "1002", status: "shipped", total: 63.5, refunded: 0 }, customer: { id: "C-101", name: "Grace Hopper" } });
    expect(JSON.parse(found.content[0]!.text)).toEqual(found.structuredContent);
    const missing = await call("lookup_order", { orderId: "9999" });
    expect(missing).toMatchObject({ isError: true, content: [{ text: "No order 9999. Order numbers have four digits, e.g. 1001, and are in the order confirmation e-mail." }] });
    const invalid = await call("lookup_order", { orderId: "12" });
    expect(invalid.isError).toBe(true);
    expect(invalid.content[0]!.text).toContain("expected a four-digit order number");
    expect((await call("find_customer", { email: "ADA@example.com" })).structuredContent).toMatchObject({ customer: { id: "C-100" }, orders: [{ id: "1001" }, { id: "1004" }] });
  });

  it("ranks knowledge base articles by the query's words", async () => {
    const results = (q: string) => call("search_kb", { query: q, limit: 3 }).then((r) => (r.structuredContent as { results: Array<{ id: string }> }).results.map((a) => a.id));
    expect((await results("my parcel never arrived"))[0]).toBe("kb-lost-parcels");
    expect((await results("refund damaged item"))[0]).toBe("kb-refunds");
    expect((await results("What is your return policy?"))[0]).toBe("kb-returns");
    expect(await results("zebra")).toEqual([]);
    expect((await call("search_kb", { query: "the and of" })).isError).toBe(true);
  });

  it("refunds at most what is left, and only delivered or lost orders", async () => {
    const refund = await call("issue_refund", { orderId: "1005", amount: 10, reason: "one cable broken" });
    expect(refund.structuredContent).toMatchObject({ refund: { orderId: "1005", amount: 10, currency: "EUR", status: "approved" } });
    expect((refund.structuredContent as { refund: { id: string } }).refund.id).toMatch(/^R-[0-9A-F]{6}$/);
    const tooMuch = await call("issue_refund", { orderId: "1005", amount: 19.71, reason: "the rest and a cent" });
    expect(tooMuch).toMatchObject({ isError: true, content: [{ text: "A refund of 19.71 EUR is more than the 19.7 EUR left to refund on order 1005." }] });
    expect((await call("issue_refund", { orderId: "1004", amount: 1, reason: "not shipped yet" })).content[0]!.text).toContain("is processing");
    expect((await call("lookup_order", { orderId: "1005" })).structuredContent).toMatchObject({ order: { refunded: 10 } });
  });

  it("derives ticket and hand-off ids from their content", async () => {
    const args = { customerId: "C-102", orderId: "1003", subject: "Lost parcel", description: "No scan since April", priority: "high" };
    const first = (await call("create_ticket", args)).structuredContent as { ticket: { id: string } };
    const again = (await call("create_ticket", args)).structuredContent as { ticket: { id: string } };
    expect(first.ticket.id).toMatch(/^T-[0-9A-F]{6}$/);
    expect(again.ticket.id).toBe(first.ticket.id);
    const handoff = await call("escalate_to_human", { customerId: "C-100", ticketId: first.ticket.id, summary: "Gold customer" });
    expect(handoff.structuredContent).toMatchObject({ handoff: { state: "handed_off", queue: "priority", expectedResponse: "within 1 business hour", ticketId: first.ticket.id } });
    expect((await call("create_ticket", { ...args, customerId: "C-999" })).content[0]!.text).toContain("No customer C-999");
  });

  it("serves its knowledge base as resources", async () => {
    const { resources } = await client.listResources();
    expect(resources.map((r) => r.uri)).toContain("kb://articles/kb-lost-parcels");
    const read = await client.readResource({ uri: "kb://articles/kb-refunds" });
    expect(read.contents[0]).toMatchObject({ mimeType: "text/markdown", text: expect.stringMatching(/^# Refund policy\n\nDelivered orders can be refunded within 30 days/) });
  });
});

describe("the desk server as the product runs it", () => {
  const roots: string[] = [];
  afterAll(() => {
    for (const root of roots) fs.rmSync(root, { recursive: true, force: true });
  });

  it("is used where npm linked it, with nothing to install", async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "sy-case-store-"));
    roots.push(root);
    const version = customerServiceManifest(REPO_ROOT).version;
    await expect(new ComponentStore(root, REPO_ROOT).ensure(CUSTOMER_SERVICE_PACKAGE, version)).resolves.toBe(REPO_ROOT);
    expect(fs.readdirSync(root)).toEqual([]);
  });

  it("starts and answers inside the sandbox, which shows it its own folder read-only", async () => {
    const support = await detectIsolation();
    if (!support.bwrap) return void console.warn("skipped: no bubblewrap on this host (apt-get install bubblewrap)");
    const workRoot = fs.mkdtempSync(path.join(os.tmpdir(), "sy-case-work-"));
    roots.push(workRoot);
    const agent = new NodeAgent({
      address: "http://127.0.0.1:0",
      capacity: 4,
      engine: new MemoryEngine(),
      store: new ComponentStore(path.join(workRoot, "store"), REPO_ROOT),
      isolation: { support, limits: withDefaultLimits(), workRoot, requireSandbox: true },
      log: createLogger("silent"),
    });
    try {
      const report = await agent.probe({ manifest: customerServiceManifest(REPO_ROOT), values: { config: {}, secrets: {} } });
      expect(report.failure ?? null).toBeNull();
      expect(report.ok).toBe(true);
      expect(report.revisions.every((r) => r.initialized && r.listed)).toBe(true);
      expect(report.snapshot?.tools.map((t) => t.name).sort()).toEqual(["create_ticket", "escalate_to_human", "find_customer", "issue_refund", "lookup_order", "search_kb"]);
    } finally {
      await agent.stop();
    }
  }, 60_000);
});
