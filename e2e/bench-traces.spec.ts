import type { Page } from "@playwright/test";
import { expect, benchTest as test } from "./fixtures.ts";

const session = (page: Page) => page.locator('section[role="tabpanel"]:not([hidden])');

test("a saved trace opens read-only by its link in a fresh browser of the same tenant, without the bench key", async ({ page, browser, product }) => {
  test.setTimeout(180_000);
  await page.goto(`${product.web}/login?token=${product.sessionToken}`);
  await page.goto(`${product.web}/bench?deployment=everything`);
  const panel = session(page);
  await panel.getByRole("button", { name: "Create a bench key" }).click();
  await expect(panel.getByTestId("session-status")).toHaveText("Connected", { timeout: 30_000 });
  const key = await page.evaluate(() => localStorage.getItem("switchyard.bench.apiKey"));
  expect(key).toMatch(/^sy_/);

  // The server echoes the key back: the trace must lose it there too, not only in the headers.
  await panel.locator('[data-tool="echo"]').click();
  const runner = panel.getByRole("article", { name: "Tool echo" });
  await runner.getByLabel("message", { exact: true }).fill(`traced ${key}`);
  await runner.getByRole("button", { name: "Call tool" }).click();
  await expect(runner.getByTestId("tool-result")).toContainText("Echo: traced sy_");

  await panel.getByRole("button", { name: "Save trace" }).click();
  const link = panel.getByTestId("trace-link");
  await expect(link).toHaveText(/^\/bench\/traces\/[0-9a-f-]{36}$/);
  const path = (await link.textContent())!;

  // A colleague: another browser, signed in to the same console with its link.
  const other = await browser.newContext();
  const page2 = await other.newPage();
  await page2.goto(`${product.web}/login?token=${product.sessionToken}`);
  await page2.goto(`${product.web}${path}`);
  await expect(page2.getByText("read-only trace")).toBeVisible();
  const timeline = page2.locator(".timeline");
  await expect(timeline.locator('.message-row[data-kind="request"][data-method="tools/call"]')).toHaveCount(1);
  await expect(timeline.getByRole("button", { name: "Clear" })).toHaveCount(0);
  await timeline.locator('.message-row[data-kind="response"][data-method="tools/call"]').click();
  const detail = page2.getByTestId("message-detail");
  await expect(detail).toContainText("Echo: traced [redacted]");
  await expect(page2.getByText("Authorization: [redacted]")).toBeVisible();

  // The whole stored trace, as the API returns it, holds no trace of the key.
  const stored = await page2.evaluate(async (id) => (await fetch(`/api/trpc/traces.get?input=${encodeURIComponent(JSON.stringify({ id }))}`)).text(), path.split("/").pop()!);
  expect(stored).toContain("tools/call");
  expect(stored).not.toContain(key!);
  expect(stored).not.toContain(key!.split("_").pop()!);
  await page2.screenshot({ path: test.info().outputPath("trace.png") });

  // The tenant's list has it; deleting it there makes its link say so.
  const name = (await page2.getByTestId("trace-name").textContent())!;
  await page2.getByRole("link", { name: "All traces" }).click();
  await expect(page2.getByRole("link", { name })).toBeVisible();
  await page2.getByRole("button", { name: `Delete the trace ${name}` }).click();
  await expect(page2.getByRole("link", { name })).toHaveCount(0);
  await page2.goto(`${product.web}${path}`);
  await expect(page2.getByText("This trace cannot be opened: no trace")).toBeVisible();
  await other.close();
});

test("requests from the timeline become a collection that runs in the page", async ({ page, product }) => {
  test.setTimeout(120_000);
  await page.goto(`${product.web}/login?token=${product.sessionToken}`);
  await page.goto(`${product.web}/bench?deployment=everything`);
  const panel = session(page);
  const create = panel.getByRole("button", { name: "Create a bench key" });
  const status = panel.getByTestId("session-status");
  await expect(create.or(status.getByText("Connected"))).toBeVisible({ timeout: 30_000 });
  if (await create.isVisible()) await create.click();
  await expect(status).toHaveText("Connected", { timeout: 30_000 });

  await panel.locator('[data-tool="get-structured-content"]').click();
  const runner = panel.getByRole("article", { name: "Tool get-structured-content" });
  await runner.getByLabel("location", { exact: true }).selectOption("Chicago");
  await runner.getByRole("button", { name: "Call tool" }).click();
  await expect(runner.getByTestId("tool-result")).toContainText("Light rain / drizzle");

  await panel.getByRole("tab", { name: "Collections" }).click();
  await panel.getByRole("checkbox", { name: /tools\/call get-structured-content/ }).check();
  const downloading = page.waitForEvent("download");
  await panel.getByRole("button", { name: "Download collection (1)" }).click();
  const file = await (await downloading).path();

  await panel.getByLabel("Collection file").setInputFiles(file);
  await panel.getByRole("button", { name: "Run 1 case" }).click();
  const result = panel.getByTestId("collection-result");
  await expect(result).toContainText("1 passed, 0 failed");
  await expect(result).toContainText("ok structuredContent valid against outputSchema");
  await result.scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath("collections.png") });
});
