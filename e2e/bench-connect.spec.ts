import path from "node:path";
import type { Locator, Page } from "@playwright/test";
import { expect, benchTest as test } from "./fixtures.ts";
import type { Product } from "./product.ts";

/** The reference server's stdio entry, run with plain `node` as a local command. */
const EVERYTHING = path.resolve("node_modules/@modelcontextprotocol/server-everything/dist/index.js");

async function openBench(page: Page, product: Product): Promise<void> {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`${product.web}/login?token=${product.sessionToken}`);
  await page.goto(`${product.web}/bench`);
  await expect(page.getByRole("heading", { name: "Bench", level: 1 })).toBeVisible();
}

const session = (page: Page) => page.locator('section[role="tabpanel"]:not([hidden])');
const newTab = (page: Page) => page.getByRole("tab", { name: "+ New connection" }).click();

async function callEcho(page: Page, message: string): Promise<Locator> {
  const panel = session(page);
  await panel.locator('[data-tool="echo"]').click();
  const runner = panel.getByRole("article", { name: "Tool echo" });
  await runner.getByLabel("message", { exact: true }).fill(message);
  await runner.getByRole("button", { name: "Call tool" }).click();
  return runner.getByTestId("tool-result");
}

const storedTabs = (page: Page) => page.evaluate(() => JSON.parse(localStorage.getItem("switchyard.bench.tabs") ?? "[]") as Array<{ kind: string; deployment?: string; spec?: { headers: Record<string, string> } }>);

test("local commands, WebSocket, mcp.json import and export, and tabs kept across a reload", async ({ page, product }) => {
  test.setTimeout(240_000);
  await openBench(page, product);
  const form = page.getByRole("form", { name: "Start a local stdio command" });
  await page.getByRole("button", { name: "Create a bench key" }).click();
  await expect(page.getByTestId("bench-key").first()).toBeVisible();

  // A program that does not exist: said in words, and no tab opens.
  await form.getByLabel("Command").fill("/nonexistent/mcp-server");
  await form.getByRole("button", { name: "Start and connect" }).click();
  await expect(form.getByRole("alert")).toContainText("there is no program /nonexistent/mcp-server");
  // One that exits at once: its stderr tail is shown, its secret environment value is not.
  await form.getByLabel("Command").fill("node");
  await form.getByLabel(/^Arguments/).fill("-e\nconsole.error('cannot open config for ' + process.env.SHOP_TOKEN); process.exit(2)");
  await form.getByLabel("Variable 1 name").fill("SHOP_TOKEN");
  await form.getByLabel("Variable 1 value").fill("tok-very-secret");
  await form.getByRole("button", { name: "Start and connect" }).click();
  await expect(form.locator(".stderr-tail")).toContainText("cannot open config for ***");
  await expect(page.getByText("tok-very-secret")).toHaveCount(0);

  // The reference server's stdio entry, started by the local agent, reached through the gateway.
  await form.getByLabel(/^Arguments/).fill(`${EVERYTHING}\nstdio`);
  // Its tab keeps the command's lease, so the command ends soon after a browser that vanished.
  const renewal = page.waitForResponse((response) => response.url().includes("bench.keepCommand"));
  await form.getByRole("button", { name: "Start and connect" }).click();
  await expect(page.getByRole("tab", { name: /local ?node …\/dist\/index\.js stdio/ })).toHaveAttribute("aria-selected", "true");
  expect(JSON.stringify(await (await renewal).json())).toContain('"kept":true');
  await expect(session(page).getByTestId("session-status")).toHaveText("Connected", { timeout: 30_000 });
  await expect(await callEcho(page, "from a local command")).toContainText("Echo: from a local command");

  // WebSocket to the gateway's /ws/everything through the bench's proxy, with the demo key.
  await newTab(page);
  const remote = page.getByRole("form", { name: "Connect to a remote server" });
  const wsUrl = `${product.gateway.replace(/^http/, "ws")}/ws/everything`;
  await remote.getByLabel("Server URL").fill(wsUrl);
  await remote.getByLabel("Transport").selectOption("websocket");
  await remote.getByLabel(/^Bearer token/).fill(product.demoKey);
  await remote.getByLabel(/Remember the token/).check();
  await remote.getByRole("button", { name: "Connect" }).click();
  await expect(session(page).getByTestId("session-status")).toHaveText("Connected", { timeout: 30_000 });
  await expect(session(page).locator(".chip", { hasText: "WebSocket" })).toBeVisible();
  await expect(await callEcho(page, "over a WebSocket")).toContainText("Echo: over a WebSocket");

  // Export: the key never appears, a ${input:…} prompt stands in for it.
  await session(page).getByText("Export as mcp.json").click();
  const exported = session(page).getByTestId("exported-mcp-json");
  await expect(exported).toContainText(`"url": "${wsUrl}"`);
  await expect(exported).toContainText('"type": "ws"');
  await expect(exported).toContainText("Bearer ${input:");
  expect(await exported.textContent()).not.toContain(product.demoKey);

  // Import an mcp.json (Claude Desktop shape): both entries listed with what they map to; the stdio one connects.
  await newTab(page);
  const mcpJson = JSON.stringify({ mcpServers: { "everything-ws": { type: "ws", url: wsUrl, headers: { Authorization: "Bearer ${input:key}" } }, "everything-local": { command: "node", args: [EVERYTHING, "stdio"], env: { GREETING: "hi" } } } });
  await page.getByRole("textbox", { name: "Paste mcp.json or server.json" }).fill(mcpJson);
  await page.getByRole("button", { name: "Find servers" }).click();
  const found = page.getByRole("list", { name: "Servers found" });
  await expect(found.locator("li")).toHaveCount(2);
  await expect(found.locator("li").first()).toContainText(`WebSocket: ${wsUrl}`);
  await expect(found.locator("li").first()).toContainText("fill in Authorization");
  await expect(found.locator("li").nth(1)).toContainText(`local command: node ${EVERYTHING} stdio`);
  await page.getByRole("textbox", { name: "Paste mcp.json or server.json" }).fill('{"mcpServers": {"bad": {"command": 7}}}');
  await page.getByRole("button", { name: "Find servers" }).click();
  await expect(page.locator(".import-panel").getByRole("alert")).toHaveText("mcpServers.bad.command: expected the program to run as a string, e.g. npx");
  await page.getByRole("textbox", { name: "Paste mcp.json or server.json" }).fill(mcpJson);
  await page.getByRole("button", { name: "Find servers" }).click();
  await found.getByRole("button", { name: "Use everything-local" }).click();
  await expect(form.getByLabel("Command")).toHaveValue("node");
  await expect(form.getByLabel(/^Arguments/)).toHaveValue(`${EVERYTHING}\nstdio`);
  await expect(form.getByLabel("Variable 1 name")).toHaveValue("GREETING");
  await page.screenshot({ path: "/tmp/pw-bench-connect/new-connection.png", fullPage: false });
  await form.getByRole("button", { name: "Start and connect" }).click();
  await expect(session(page).getByTestId("session-status")).toHaveText("Connected", { timeout: 30_000 });

  // Reload: the three tabs come back and reconnect; the remembered token is the only secret kept.
  const before = await storedTabs(page);
  expect(before.map((t) => t.kind)).toEqual(["local", "remote", "local"]);
  await page.reload();
  const tabs = page.locator(".bench-tab:not(.new)");
  await expect(tabs).toHaveCount(3);
  for (const index of [0, 1, 2]) {
    await tabs.nth(index).getByRole("tab").click();
    await expect(session(page).getByTestId("session-status")).toHaveText("Connected", { timeout: 30_000 });
  }
  await tabs.nth(0).getByRole("tab").click();
  await expect(await callEcho(page, "after a reload")).toContainText("Echo: after a reload");
  await page.screenshot({ path: "/tmp/pw-bench-connect/local-tab.png", fullPage: false });

  // Closing a local tab removes its ephemeral deployment: the gateway no longer knows it.
  const local = before[0]!.deployment!;
  const alive = await fetch(`${product.gateway}/mcp/${local}`, { method: "POST", headers: { authorization: `Bearer ${product.demoKey}`, "content-type": "application/json", accept: "application/json, text/event-stream" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "e2e", version: "1" } } }) });
  expect(alive.status).toBe(200);
  await tabs.nth(0).getByRole("button", { name: /^Close/ }).click();
  await expect(tabs).toHaveCount(2);
  await expect
    .poll(async () => (await fetch(`${product.gateway}/mcp/${local}`, { method: "POST", headers: { authorization: `Bearer ${product.demoKey}`, "content-type": "application/json", accept: "application/json, text/event-stream" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "e2e", version: "1" } } }) })).status)
    .toBe(404);
  expect((await storedTabs(page)).map((t) => t.kind)).toEqual(["remote", "local"]);
});

test("the local-mode guards refuse a foreign Origin, a missing Origin and a missing session token on the command endpoint", async ({ product }) => {
  const call = (headers: Record<string, string>) =>
    fetch(`${product.web}/api/trpc/bench.startCommand`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: `sy_session=${product.sessionToken}`, ...headers },
      body: JSON.stringify({ command: "node", args: ["-e", "1"] }),
    });
  expect((await call({ origin: "http://evil.example" })).status).toBe(401);
  expect((await call({})).status).toBe(403);
  const noToken = await fetch(`${product.web}/api/trpc/bench.startCommand`, { method: "POST", headers: { "content-type": "application/json", origin: new URL(product.web).origin }, body: "{}" });
  expect(noToken.status).toBe(401);
});
