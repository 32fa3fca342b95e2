import fs from "node:fs";
import { expect, casesTest as test } from "./fixtures.ts";

test.use({ viewport: { width: 1280, height: 800 } });

test("content generation: the draft the agent writes is shown as an artifact, readable and downloadable, and the evals pass", async ({ page, product }) => {
  test.setTimeout(180_000);
  await page.goto(`${product.web}/login?token=${product.sessionToken}`);
  await page.goto(`${product.web}/cases`);
  const card = page.getByTestId("case-content-generation");
  await expect(card).toContainText("io.switchyard/content-generation");
  await card.getByRole("link", { name: "Content generation" }).click();
  await expect(page.getByRole("heading", { name: "Content generation", level: 1 })).toBeVisible();
  await expect(page.getByTestId("case-docs")).toContainText("flowchart LR");

  await page.getByLabel("scenario", { exact: true }).selectOption("launch-post");
  await page.getByRole("button", { name: "Run", exact: true }).click();
  const transcript = page.getByTestId("transcript");
  await expect(page.getByTestId("run-phase")).toHaveText("Run finished.", { timeout: 60_000 });
  const calls = transcript.getByTestId("tool-call");
  await expect(calls).toHaveCount(3);
  await expect(calls.nth(0)).toContainText("get_style_guide");
  await expect(calls.nth(1)).toContainText('"query": "Cold Brew Kit"');
  await expect(calls.nth(2)).toContainText("create_draft");
  await expect(transcript.getByTestId("agent-text").last()).toContainText(/Your draft is ready: “Meet the Cold Brew Kit” \(draft D-[0-9A-F]{6}, version 1, \d+ words\)/);

  // The artifact: under the create_draft call, its title, its Markdown as elements (no raw HTML), a download.
  const artifact = calls.nth(2).getByTestId("artifact");
  await expect(artifact.getByTestId("artifact-title")).toHaveText("Meet the Cold Brew Kit");
  await expect(artifact.getByRole("heading", { name: "What's in the box" })).toBeVisible();
  await expect(artifact).toContainText("Makes 1.2 litres of cold brew concentrate per batch.");
  const [download] = await Promise.all([page.waitForEvent("download"), artifact.getByTestId("artifact-download").click()]);
  expect(download.suggestedFilename()).toMatch(/^D-[0-9A-F]{6}\.md$/);
  const saved = fs.readFileSync(await download.path(), "utf8");
  expect(saved).toMatch(/^# Meet the Cold Brew Kit\n\nYou can now make smooth cold brew at home/);
  expect(saved).toContain("Sources: Cold Brew Kit — product sheet; How to make cold brew — barista guide");

  const status = page.getByTestId("eval-status");
  await expect(status).toContainText("9/9 checks passed");
  await expect(status.locator('li[data-pass="false"]')).toHaveCount(0);
  await artifact.scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath("content-generation-artifact.png") });
  await page.screenshot({ path: test.info().outputPath("content-generation-run.png"), fullPage: true });

  // The review flags a hype word and the agent revises: version 2 is the artifact shown last.
  await page.getByLabel("scenario", { exact: true }).selectOption("style-fix");
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(page.getByTestId("run-phase")).toHaveText("Run finished.", { timeout: 60_000 });
  await expect(transcript.getByTestId("artifact")).toHaveCount(2);
  await expect(transcript.getByTestId("artifact").last()).toContainText("social post, version 2");
  await expect(transcript.getByTestId("artifact").last()).not.toContainText("revolutionary");
  await expect(status).toContainText("5/5 checks passed");

  await page.getByLabel("runs").fill("1");
  await page.getByRole("button", { name: "Run evals ×1" }).click();
  await expect(page.getByTestId("eval-report")).toContainText("100% of runs passed every check (1 run(s) per scenario) — ok", { timeout: 90_000 });
});

test("data analysis: query results are drawn as charts in the transcript, the recommendation quotes them, and the evals pass", async ({ page, product }) => {
  test.setTimeout(180_000);
  await page.goto(`${product.web}/login?token=${product.sessionToken}`);
  await page.goto(`${product.web}/cases`);
  const card = page.getByTestId("case-data-analysis");
  await expect(card).toContainText("io.switchyard/data-analysis");
  await card.getByRole("link", { name: "Data analysis" }).click();
  await expect(page.getByRole("heading", { name: "Data analysis", level: 1 })).toBeVisible();

  await page.getByLabel("scenario", { exact: true }).selectOption("regional-budget");
  await page.getByRole("button", { name: "Run", exact: true }).click();
  const transcript = page.getByTestId("transcript");
  await expect(page.getByTestId("run-phase")).toHaveText("Run finished.", { timeout: 60_000 });
  const calls = transcript.getByTestId("tool-call");
  await expect(calls).toHaveCount(4);
  await expect(calls.nth(0)).toContainText("describe_dataset");
  await expect(calls.nth(1)).toContainText('"month",');
  await expect(calls.nth(2)).toContainText('"revenue_sum"');
  await expect(calls.nth(3)).toContainText("compare_periods");
  await expect(transcript.getByTestId("agent-text").last()).toContainText("Recommendation: give the extra budget to East. Its revenue grew 41.17%");

  // Charts drawn by the chart library (SVG) under the calls whose results declared one.
  await expect(calls.nth(0).getByTestId("result-chart")).toHaveCount(0);
  const monthly = calls.nth(1).getByTestId("result-chart");
  await expect(monthly).toHaveAttribute("data-chart-type", "line");
  await expect(monthly.locator("svg.recharts-surface").first()).toBeVisible();
  await expect(monthly.locator(".recharts-line")).toHaveCount(4);
  const totals = calls.nth(2).getByTestId("result-chart");
  await expect(totals).toHaveAttribute("data-chart-type", "bar");
  await expect(totals.locator(".recharts-bar-rectangle")).toHaveCount(4);
  await expect(totals).toContainText("North");
  await expect(calls.nth(3).getByTestId("result-chart").locator(".recharts-bar-rectangle")).toHaveCount(8);

  const status = page.getByTestId("eval-status");
  await expect(status).toContainText("11/11 checks passed");
  await expect(status.locator('li[data-pass="false"]')).toHaveCount(0);
  await monthly.scrollIntoViewIfNeeded();
  await page.mouse.move(0, 0);
  await page.screenshot({ path: test.info().outputPath("data-analysis-charts.png") });
  await page.screenshot({ path: test.info().outputPath("data-analysis-run.png"), fullPage: true });

  // An unknown dataset: the tool error shows, the agent recovers, the checks pass.
  await page.getByLabel("scenario", { exact: true }).selectOption("unknown-dataset");
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(page.getByTestId("run-phase")).toHaveText("Run finished.", { timeout: 60_000 });
  await expect(calls.nth(0)).toContainText('No dataset "crm". The datasets are sales, marketing_spend');
  await expect(transcript.getByTestId("agent-text").last()).toContainText("There is no crm dataset");
  await expect(status).toContainText("7/7 checks passed");

  await page.getByLabel("runs").fill("1");
  await page.getByRole("button", { name: "Run evals ×1" }).click();
  await expect(page.getByTestId("eval-report")).toContainText("100% of runs passed every check (1 run(s) per scenario) — ok", { timeout: 90_000 });
});
