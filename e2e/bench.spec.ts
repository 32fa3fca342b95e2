import type { Locator, Page } from "@playwright/test";
import { expect, benchTest as test } from "./fixtures.ts";
import type { Product } from "./product.ts";

/** Signs in with the console link `npm start` printed, then goes to the bench by its nav link. */
async function openBench(page: Page, product: Product): Promise<void> {
  await page.goto(`${product.web}/login?token=${product.sessionToken}`);
  await page.getByRole("link", { name: "Bench", exact: true }).click();
  await expect(page).toHaveURL(/\/bench$/);
  await expect(page.getByRole("heading", { name: "Bench", level: 1 })).toBeVisible();
}

const session = (page: Page) => page.locator('section[role="tabpanel"]:not([hidden])');

/** Opens a tool of the active connection, fills its form and calls it; returns its result. */
async function callTool(page: Page, tool: string, fill: (runner: Locator) => Promise<void>) {
  const panel = session(page);
  await panel.locator(`[data-tool="${tool}"]`).click();
  const runner = panel.getByRole("article", { name: `Tool ${tool}` });
  await expect(runner.getByRole("heading", { name: tool, level: 3 })).toBeVisible();
  await fill(runner);
  await runner.getByRole("button", { name: "Call tool" }).click();
  return runner.getByTestId("tool-result");
}

test("a deep link opens the hosted everything deployment; a generated form calls its tools; the timeline shows every message", async ({ page, product }) => {
  test.setTimeout(120_000);
  await openBench(page, product);
  // The marketplace's "open in bench" links here.
  await page.goto(`${product.web}/bench?deployment=everything`);
  const panel = session(page);
  await expect(page.getByRole("tab", { name: /everything/ })).toHaveAttribute("aria-selected", "true");

  // A fresh browser has no key: the bench makes one and keeps it in this browser.
  await panel.getByRole("button", { name: "Create a bench key" }).click();
  await expect(panel.getByTestId("session-status")).toHaveText("Connected", { timeout: 30_000 });
  await expect(panel.getByTestId("negotiated-revision")).toHaveText("2025-11-25");
  await expect(panel.getByTestId("server-info")).toContainText("2.0.0");
  await expect(panel.locator(".capabilities")).toContainText("tools");
  const stored = await page.evaluate(() => localStorage.getItem("switchyard.bench.apiKey"));
  expect(stored).toMatch(/^sy_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);

  // get-sum: two required numbers from its input schema.
  const sum = await callTool(page, "get-sum", async (p) => {
    await expect(p.getByText("read-only").first()).toBeVisible();
    await p.getByLabel("a", { exact: true }).fill("2");
    await p.getByLabel("b", { exact: true }).fill("40");
  });
  await expect(sum).toContainText("The sum of 2 and 40 is 42.");

  // echo: a required string.
  const echo = await callTool(page, "echo", (p) => p.getByLabel("message", { exact: true }).fill("hello from the bench"));
  await expect(echo).toContainText("Echo: hello from the bench");

  // An enum becomes a select; structuredContent is checked against the outputSchema.
  const weather = await callTool(page, "get-structured-content", async (p) => {
    await p.getByLabel("location", { exact: true }).selectOption("Chicago");
  });
  await expect(weather).toContainText("Light rain / drizzle");
  await expect(weather.getByTestId("output-check")).toHaveText("✓ matches the outputSchema");

  // The timeline has each request and its response, with latency; one opens in the viewer.
  const timeline = panel.locator(".timeline");
  await expect(timeline.locator('.message-row[data-kind="request"][data-method="initialize"]')).toHaveCount(1);
  await expect(timeline.locator('.message-row[data-kind="response"][data-method="initialize"]')).toHaveCount(1);
  await expect(timeline.locator('.message-row[data-kind="request"][data-method="tools/call"]')).toHaveCount(3);
  const responses = timeline.locator('.message-row[data-kind="response"][data-method="tools/call"]');
  await expect(responses).toHaveCount(3);
  await expect(responses.first().locator(".latency")).toHaveText(/\d+(\.\d)? ms/);
  await responses.first().click();
  await expect(panel.getByTestId("message-detail")).toContainText("The sum of 2 and 40 is 42.");

  await timeline.getByLabel("Filter by method").fill("tools/list");
  await expect(timeline.locator(".message-row")).toHaveCount(2);
  await timeline.getByLabel("Filter by method").fill("");
  await timeline.getByRole("button", { name: "notification", exact: true }).click();
  await expect(timeline.locator('.message-row[data-kind="notification"]')).toHaveCount(0);

  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot({ path: test.info().outputPath("bench-hosted.png") });
});

test("the arguments switch between the form and raw JSON, and a long call shows progress and can be cancelled", async ({ page, product }) => {
  test.setTimeout(120_000);
  await openBench(page, product);
  await page.goto(`${product.web}/bench?deployment=everything`);
  const panel = session(page);
  // The key from the first test is gone with its browser context: make another.
  await panel.getByRole("button", { name: "Create a bench key" }).click();
  await expect(panel.getByTestId("session-status")).toHaveText("Connected", { timeout: 30_000 });

  await panel.locator('[data-tool="trigger-long-running-operation"]').click();
  // Defaults from the schema are filled in.
  await expect(panel.getByLabel("duration", { exact: true })).toHaveValue("10");
  await panel.getByLabel("duration", { exact: true }).fill("30");
  await panel.getByLabel("steps", { exact: true }).fill("30");
  await panel.getByRole("button", { name: "JSON", exact: true }).click();
  await expect(panel.locator(".json-editor .view-lines")).toContainText('"duration": 30');
  await panel.getByRole("button", { name: "Form", exact: true }).click();
  await expect(panel.getByLabel("steps", { exact: true })).toHaveValue("30");

  await panel.getByRole("button", { name: "Call tool" }).click();
  await expect(panel.locator(".running")).toContainText(/ · [1-9]\d* \/ 30/, { timeout: 15_000 });
  await panel.getByRole("button", { name: "Cancel" }).click();
  await expect(panel.getByTestId("tool-result")).toContainText("Cancelled after");
  await expect(panel.locator('.message-row[data-method="notifications/cancelled"]')).toHaveCount(1);
  await expect(panel.locator('.message-row[data-method="notifications/progress"]').first()).toBeVisible();
});

test("resources, resource templates and prompts are read from their own sections", async ({ page, product }) => {
  test.setTimeout(120_000);
  await openBench(page, product);
  await page.goto(`${product.web}/bench?deployment=everything`);
  const panel = session(page);
  await panel.getByRole("button", { name: "Create a bench key" }).click();
  await expect(panel.getByTestId("session-status")).toHaveText("Connected", { timeout: 30_000 });

  await panel.getByRole("tab", { name: "Resources" }).click();
  await panel.locator('[data-resource="demo://resource/static/document/features.md"]').click();
  await panel.getByRole("article", { name: "Resource features.md" }).getByRole("button", { name: "Read" }).click();
  await expect(panel.getByTestId("resource-result")).toContainText("demo://resource/static/document/features.md");

  await panel.locator('[data-template="demo://resource/dynamic/text/{resourceId}"]').click();
  const template = panel.getByRole("article", { name: "Template Dynamic Text Resource" });
  await template.getByLabel("resourceId", { exact: true }).fill("7");
  await expect(template.locator(".call-bar code")).toHaveText("demo://resource/dynamic/text/7");
  await template.getByRole("button", { name: "Read" }).click();
  await expect(template.getByTestId("resource-result")).toContainText("Resource 7");

  await panel.getByRole("tab", { name: "Prompts" }).click();
  await panel.locator('[data-prompt="args-prompt"]').click();
  const prompt = panel.getByRole("article", { name: "Prompt args-prompt" });
  await prompt.getByRole("button", { name: "Get prompt" }).click();
  await expect(prompt).toContainText("Fill in city first.");
  await prompt.getByLabel("city", { exact: true }).fill("Paris");
  await prompt.getByRole("button", { name: "Get prompt" }).click();
  await expect(prompt.getByTestId("prompt-result")).toContainText("What's weather in Paris?");

  await panel.getByLabel("Log level").selectOption("debug");
  await expect(panel.locator('.message-row[data-method="logging/setLevel"][data-kind="response"]')).toHaveCount(1);
  await page.screenshot({ path: test.info().outputPath("bench-prompts.png") });
});

test("a hosted deployment over the legacy SSE transport, opened from the list", async ({ page, product }) => {
  test.setTimeout(120_000);
  await openBench(page, product);
  await page.getByRole("button", { name: "Create a bench key" }).click();
  await expect(page.getByTestId("bench-key")).toContainText("Bench key sy_");
  await page.locator("#hosted-transport").selectOption("sse");
  await page.locator("#hosted-revision").selectOption("2024-11-05");
  await page.getByRole("button", { name: "Connect to everything" }).click();
  const panel = session(page);
  await expect(panel.getByTestId("session-status")).toHaveText("Connected", { timeout: 30_000 });
  await expect(panel.locator(".session-bar .chip")).toHaveText("SSE");
  await expect(panel.getByTestId("negotiated-revision")).toHaveText("2024-11-05");
  const echo = await callTool(page, "echo", (p) => p.getByLabel("message", { exact: true }).fill("over SSE"));
  await expect(echo).toContainText("Echo: over SSE");
});

test("a remote URL with a custom Authorization header connects through the proxy; a wrong token and a closed port are diagnosed", async ({ page, product }) => {
  test.setTimeout(120_000);
  await openBench(page, product);
  const form = page.getByRole("form", { name: "Connect to a remote server" });

  // The gateway's own endpoint, as any remote server: local mode lets the proxy reach loopback.
  await form.getByLabel("Server URL").fill(`${product.gateway}/mcp/everything`);
  await form.getByLabel("Protocol revision").selectOption("2025-06-18");
  await form.getByLabel("Header 1 name").fill("Authorization");
  await form.getByLabel("Header 1 value").fill(`Bearer ${product.demoKey}`);
  await form.getByRole("button", { name: "Connect" }).click();
  const panel = session(page);
  await expect(panel.getByTestId("session-status")).toHaveText("Connected", { timeout: 30_000 });
  await expect(panel.getByTestId("negotiated-revision")).toHaveText("2025-06-18");
  const echo = await callTool(page, "echo", (p) => p.getByLabel("message", { exact: true }).fill("via the proxy"));
  await expect(echo).toContainText("Echo: via the proxy");
  await page.screenshot({ path: test.info().outputPath("bench-remote.png") });

  // A second tab beside it: a wrong token.
  await page.getByRole("tab", { name: "+ New connection" }).click();
  await form.getByLabel("Server URL").fill(`${product.gateway}/mcp/everything`);
  await form.getByLabel("Header 1 name").fill("");
  await form.getByLabel("Header 1 value").fill("");
  await form.getByLabel(/Bearer token/).fill("sy_0123456789ab_" + "A".repeat(43));
  await form.getByRole("button", { name: "Connect" }).click();
  await expect(session(page).getByTestId("failure-title")).toHaveText("Authentication failed (401)");
  await expect(session(page).locator(".failure")).toContainText("the server says:");
  await expect(page.getByRole("tab")).toHaveCount(3);

  // A third: nothing listens there.
  await page.getByRole("tab", { name: "+ New connection" }).click();
  await form.getByLabel("Server URL").fill("http://127.0.0.1:1/mcp");
  await form.getByLabel(/Bearer token/).fill("");
  await form.getByRole("button", { name: "Connect" }).click();
  await expect(session(page).getByTestId("failure-title")).toHaveText("TCP connection failed");
  await expect(session(page).locator(".chain-failed")).toHaveText("TCP");
  await session(page).getByRole("button", { name: "Show the raw error" }).click();
  await expect(session(page).locator(".raw-error")).toContainText("refused the connection");
  await page.screenshot({ path: test.info().outputPath("bench-failure.png") });
});

test("the bench proxy serves only the signed-in console", async ({ product }) => {
  const response = await fetch(`${product.web}/api/bench/proxy`, {
    method: "POST",
    headers: { "x-bench-target": `${product.gateway}/mcp/everything`, "content-type": "application/json" },
    body: "{}",
  });
  expect(response.status).toBe(401);
  expect(response.headers.get("x-bench-failure")).toBe("session");
  const forged = await fetch(`${product.web}/api/bench/proxy`, {
    method: "POST",
    headers: { "x-bench-target": `${product.gateway}/mcp/everything`, cookie: `sy_session=${product.sessionToken}`, origin: "http://evil.example" },
    body: "{}",
  });
  expect(forged.status).toBe(401);
});
