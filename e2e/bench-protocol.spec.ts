import type { Locator, Page } from "@playwright/test";
import { expect, benchTest as test } from "./fixtures.ts";
import type { Product } from "./product.ts";

const session = (page: Page) => page.locator('section[role="tabpanel"]:not([hidden])');

/** Signs in, makes a bench key and connects to the hosted everything deployment on `revision`. */
async function connectEverything(page: Page, product: Product, revision: string): Promise<Locator> {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`${product.web}/login?token=${product.sessionToken}`);
  await page.goto(`${product.web}/bench`);
  await page.getByRole("button", { name: "Create a bench key" }).click();
  await expect(page.getByTestId("bench-key")).toContainText("Bench key sy_");
  await page.locator("#hosted-revision").selectOption(revision);
  await page.getByRole("button", { name: "Connect to everything" }).click();
  const panel = session(page);
  await expect(panel.getByTestId("session-status")).toHaveText("Connected", { timeout: 30_000 });
  await expect(panel.getByTestId("negotiated-revision")).toHaveText(revision);
  return panel;
}

async function callTool(panel: Locator, tool: string, fill: (runner: Locator) => Promise<void> = async () => {}): Promise<Locator> {
  await panel.getByRole("tab", { name: "Tools" }).click();
  await panel.locator(`[data-tool="${tool}"]`).click();
  const runner = panel.getByRole("article", { name: `Tool ${tool}` });
  await fill(runner);
  await runner.getByRole("button", { name: "Call tool" }).click();
  return runner;
}

test("a subscribed resource shows its updates and re-reads in one click; prompt arguments offer the server's completions", async ({ page, product }) => {
  test.setTimeout(120_000);
  const panel = await connectEverything(page, product, "2025-11-25");

  await panel.getByRole("tab", { name: "Resources" }).click();
  const first = panel.locator("[data-resource]").first();
  const uri = (await first.getAttribute("data-resource"))!;
  await first.click();
  const subscription = panel.getByTestId("subscription");
  await subscription.getByRole("button", { name: "Subscribe" }).click();
  await expect(subscription).toContainText("waiting for notifications/resources/updated");

  // The everything server sends updates for subscribed resources while this toggle is on.
  const toggle = await callTool(panel, "toggle-subscriber-updates");
  await expect(toggle.getByTestId("tool-result")).toBeVisible();
  await panel.getByRole("tab", { name: "Resources" }).click();
  await expect(subscription.getByRole("status")).toContainText(/Updated at \d\d:\d\d:\d\d · \d+ updates? since subscribing · not read yet/, { timeout: 15_000 });
  await expect(panel.locator(`[data-resource="${uri}"]`)).toContainText("updated");
  await expect(panel.locator('.timeline .message-row[data-method="notifications/resources/updated"]').first()).toBeVisible();
  await subscription.getByRole("button", { name: "Re-read" }).click();
  await expect(panel.getByTestId("resource-result")).toContainText("Contents");
  await expect(subscription.getByRole("status")).not.toContainText("not read yet");
  await page.screenshot({ path: test.info().outputPath("protocol-resources.png") });
  await subscription.getByRole("button", { name: "Unsubscribe" }).click();
  await expect(subscription.getByRole("button", { name: "Subscribe" })).toBeVisible();
  await callTool(panel, "toggle-subscriber-updates");

  // Completions: the department's suggestions, narrowed as typed, picked with the keyboard;
  // then the name's, which the server narrows by the department already chosen.
  await panel.getByRole("tab", { name: "Prompts" }).click();
  await panel.locator('[data-prompt="completable-prompt"]').click();
  const prompt = panel.getByRole("article", { name: "Prompt completable-prompt" });
  const department = prompt.getByLabel("department", { exact: true });
  await department.click();
  const suggestions = prompt.getByRole("listbox", { name: "Suggestions" });
  await expect(suggestions.getByRole("option")).toHaveText(["Engineering", "Sales", "Marketing", "Support"]);
  await department.pressSequentially("S");
  await expect(suggestions.getByRole("option")).toHaveText(["Sales", "Support"]);
  await department.press("ArrowDown");
  await department.press("ArrowDown");
  await expect(suggestions.getByRole("option", { name: "Support" })).toHaveAttribute("aria-selected", "true");
  await department.press("Enter");
  await expect(department).toHaveValue("Support");
  const name = prompt.getByLabel("name", { exact: true });
  await name.click();
  await expect(suggestions.getByRole("option")).toHaveText(["John", "Kim", "Lee"]);
  await page.screenshot({ path: test.info().outputPath("protocol-completions.png") });
  await suggestions.getByRole("option", { name: "Kim" }).click();
  await expect(name).toHaveValue("Kim");
  await prompt.getByRole("button", { name: "Get prompt" }).click();
  await expect(prompt.getByTestId("prompt-result")).toContainText("Please promote Kim to the head of the Support team.");
  const complete = panel.locator('.timeline .message-row[data-kind="request"][data-method="completion/complete"]');
  await expect(complete.first()).toBeVisible();
});

test("a tool runs as a task: followed to its result in place, listed in the Tasks tab, and cancelled there", async ({ page, product }) => {
  test.setTimeout(120_000);
  const panel = await connectEverything(page, product, "2025-11-25");
  await expect(panel.locator(".capabilities")).toContainText("tasks");

  await panel.locator('[data-tool="simulate-research-query"]').click();
  const runner = panel.getByRole("article", { name: "Tool simulate-research-query" });
  await runner.getByLabel("topic", { exact: true }).fill("tidal energy");
  // Its execution.taskSupport is "required": it only runs as a task.
  await expect(runner.getByLabel("Run as task")).toBeChecked();
  await expect(runner.getByLabel("Run as task")).toBeDisabled();
  await runner.getByRole("button", { name: "Start task" }).click();
  const card = runner.locator(".task-row");
  await expect(card).toHaveAttribute("data-status", "working");
  await expect(card.locator(".task-message")).toContainText("...");
  await expect(card).toHaveAttribute("data-status", "completed", { timeout: 30_000 });
  await expect(card.getByTestId("task-result")).toContainText("tidal energy");
  const timeline = panel.locator(".timeline");
  await expect(timeline.locator('.message-row[data-kind="request"][data-method="tasks/get"]').first()).toBeVisible();
  await expect(timeline.locator('.message-row[data-kind="request"][data-method="tasks/result"]').first()).toBeVisible();

  // A second one, cancelled from the Tasks tab, which lists both.
  await runner.getByLabel("topic", { exact: true }).fill("to be cancelled");
  await runner.getByRole("button", { name: "Start task" }).click();
  await expect(card).toHaveAttribute("data-status", "working");
  const taskId = (await card.getAttribute("data-task"))!;
  await panel.getByRole("tab", { name: "Tasks" }).click();
  const tasks = panel.getByRole("region", { name: "Tasks" });
  await tasks.getByRole("button", { name: "Refresh (tasks/list)" }).click();
  await expect(tasks.locator(".task-row")).toHaveCount(2);
  const running = tasks.locator(`.task-row[data-task="${taskId}"]`);
  await page.screenshot({ path: test.info().outputPath("protocol-tasks.png") });
  await running.getByRole("button", { name: "Cancel" }).click();
  await expect(running).toHaveAttribute("data-status", "cancelled");
  await expect(tasks.locator('.task-row[data-status="completed"]')).toHaveCount(1);
});

test("the stateless 2026-07-28 revision: server/discover instead of initialize, then tools, prompts and resources over it", async ({ page, product }) => {
  test.setTimeout(120_000);
  const panel = await connectEverything(page, product, "2026-07-28");
  await expect(panel.locator(".capabilities")).toContainText("tools");

  const echo = await callTool(panel, "echo", (runner) => runner.getByLabel("message", { exact: true }).fill("stateless hello"));
  await expect(echo.getByTestId("tool-result")).toContainText("Echo: stateless hello");

  const timeline = panel.locator(".timeline");
  await expect(timeline.locator('.message-row[data-kind="request"][data-method="server/discover"]')).toHaveCount(1);
  await expect(timeline.locator('.message-row[data-method="initialize"]')).toHaveCount(0);
  // Every request carries the revision and the client's capabilities in _meta, server/discover too.
  await timeline.locator('.message-row[data-kind="request"][data-method="server/discover"]').click();
  const detail = panel.getByTestId("message-detail");
  // The viewer wraps long keys.
  await expect(detail).toContainText(/"io\.modelcontextprotocol\/\s*protocolVersion":\s*"2026-07-28"/);
  await expect(detail).toContainText(/"io\.modelcontextprotocol\/\s*clientCapabilities"/);

  await panel.getByRole("tab", { name: "Prompts" }).click();
  await panel.locator('[data-prompt="simple-prompt"]').click();
  const prompt = panel.getByRole("article", { name: "Prompt simple-prompt" });
  await prompt.getByRole("button", { name: "Get prompt" }).click();
  await expect(prompt.getByTestId("prompt-result")).toBeVisible();

  await panel.getByRole("tab", { name: "Resources" }).click();
  await panel.locator("[data-resource]").first().click();
  await panel.getByRole("button", { name: "Read", exact: true }).click();
  await expect(panel.getByTestId("resource-result")).toContainText("Contents");

  // No resources/subscribe in 2026-07-28: the subscription rides a subscriptions/listen stream.
  const subscription = panel.getByTestId("subscription");
  await subscription.getByRole("button", { name: "Subscribe" }).click();
  await expect(subscription).toContainText("waiting for notifications/resources/updated");
  await expect(timeline.locator('.message-row[data-kind="request"][data-method="subscriptions/listen"]').last()).toBeVisible();
  await expect(timeline.locator('.message-row[data-method="resources/subscribe"]')).toHaveCount(0);
  await callTool(panel, "toggle-subscriber-updates");
  await panel.getByRole("tab", { name: "Resources" }).click();
  await expect(subscription.getByRole("status")).toContainText("not read yet", { timeout: 15_000 });
  await page.screenshot({ path: test.info().outputPath("protocol-stateless.png") });
  await subscription.getByRole("button", { name: "Unsubscribe" }).click();
  await expect(subscription.getByRole("button", { name: "Subscribe" })).toBeVisible();
  await callTool(panel, "toggle-subscriber-updates");

  // The server's elicitation reaches the page as an input_required round, and the answer goes
  // back on the retry; asked right after the unsubscribe, whose call may still be in flight upstream.
  await panel.getByRole("tab", { name: "Resources" }).click();
  await subscription.getByRole("button", { name: "Subscribe" }).click();
  await subscription.getByRole("button", { name: "Unsubscribe" }).click();
  const runner = await callTool(panel, "trigger-elicitation-request");
  const elicitation = panel.getByRole("article", { name: "Elicitation from the server" });
  await elicitation.getByLabel("name", { exact: true }).fill("Ada Lovelace");
  await elicitation.getByLabel("email", { exact: true }).fill("ada@example.com");
  await page.screenshot({ path: test.info().outputPath("protocol-stateless-elicitation.png") });
  await elicitation.getByRole("button", { name: "Accept" }).click();
  // The server says so only once the retry brought it the answer.
  await expect(runner.getByTestId("tool-result")).toContainText("- Name: Ada Lovelace");
});
