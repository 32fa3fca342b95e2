import { expect, casesTest as test } from "./fixtures.ts";

test("the case gallery runs a customer-service scenario live, with its tool calls, confirmations and evals", async ({ page, product }) => {
  test.setTimeout(180_000);
  await page.goto(`${product.web}/login?token=${product.sessionToken}`);
  await page.goto(product.web);
  await page.getByRole("navigation").getByRole("link", { name: "Cases" }).click();
  await expect(page.getByRole("heading", { name: "Cases", level: 1 })).toBeVisible();
  const card = page.getByTestId("case-customer-service");
  await expect(card).toContainText("io.switchyard/customer-service");
  await page.screenshot({ path: test.info().outputPath("cases-gallery.png"), fullPage: true });
  await card.getByRole("link", { name: "Customer service" }).click();
  await expect(page.getByRole("heading", { name: "Customer service", level: 1 })).toBeVisible();
  await expect(page.getByTestId("open-in-bench")).toHaveAttribute("href", "/bench?deployment=customer-service");
  await expect(page.getByTestId("case-docs")).toContainText("flowchart LR");
  await expect(page.getByTestId("case-docs").locator("table td").filter({ hasText: "issue_refund" }).first()).toBeVisible();

  // A read-only scenario: the tool call shows in the transcript, and every check passes.
  await page.getByLabel("scenario", { exact: true }).selectOption("order-status");
  await page.getByRole("button", { name: "Run", exact: true }).click();
  const transcript = page.getByTestId("transcript");
  await expect(transcript.getByTestId("tool-call").first()).toContainText("lookup_order");
  await expect(transcript.getByTestId("tool-call").first()).toContainText('"orderId": "1002"');
  await expect(transcript).toContainText("1Z999AA10123456784");
  const status = page.getByTestId("eval-status");
  await expect(status).toContainText("8/8 checks passed");
  await expect(status.locator('li[data-pass="false"]')).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath("cases-order-status.png"), fullPage: true });

  // A destructive tool: the run pauses for confirmation, accepted in the page, and completes.
  await page.getByLabel("scenario", { exact: true }).selectOption("damaged-refund");
  await page.getByRole("button", { name: "Run", exact: true }).click();
  const confirmation = transcript.getByTestId("confirmation");
  await expect(confirmation).toContainText("issue_refund");
  await page.screenshot({ path: test.info().outputPath("cases-confirmation.png"), fullPage: true });
  await confirmation.getByRole("button", { name: "Accept" }).click();
  await expect(transcript).toContainText(/refund R-[0-9A-F]{6} of 89 EUR is approved/);
  await expect(page.getByTestId("run-phase")).toHaveText("Run finished.");
  await expect(status.locator('li[data-pass="false"]')).toHaveCount(0);
  await expect(status).toContainText("8/8 checks passed");

  // Evals ×2 for one scenario: pass rates.
  await page.getByLabel("scenarios", { exact: true }).selectOption("order-status");
  await page.getByLabel("runs").fill("2");
  await page.getByRole("button", { name: "Run evals ×2" }).click();
  await expect(page.getByTestId("eval-report")).toContainText("100% of runs passed every check (2 run(s) per scenario) — ok", { timeout: 60_000 });
  await page.screenshot({ path: test.info().outputPath("cases-evals.png"), fullPage: true });
});
