import type { Locator, Page } from "@playwright/test";
import { expect, benchTest as test } from "./fixtures.ts";
import type { Product } from "./product.ts";

const session = (page: Page) => page.locator('section[role="tabpanel"]:not([hidden])');

/** Signs in, opens the hosted everything deployment in the bench with a fresh bench key. */
async function openEverything(page: Page, product: Product): Promise<Locator> {
  await page.goto(`${product.web}/login?token=${product.sessionToken}`);
  await page.goto(`${product.web}/bench?deployment=everything`);
  const panel = session(page);
  // Resolved only once the page shows it: a click holds on to the first element it resolved.
  await expect(panel.getByRole("button", { name: "Create a bench key" })).toBeVisible();
  await panel.getByRole("button", { name: "Create a bench key" }).click();
  await expect(panel.getByTestId("session-status")).toHaveText("Connected", { timeout: 30_000 });
  return panel;
}

/** Opens a tool, lets `fill` fill its form, calls it; the result is read after the server's request is answered. */
async function startTool(panel: Locator, tool: string, fill?: (runner: Locator) => Promise<void>): Promise<Locator> {
  await panel.locator(`[data-tool="${tool}"]`).click();
  const runner = panel.getByRole("article", { name: `Tool ${tool}` });
  await expect(runner.getByRole("heading", { name: tool, level: 3 })).toBeVisible();
  await fill?.(runner);
  await runner.getByRole("button", { name: "Call tool" }).click();
  return runner;
}

test("the server's elicitation and sampling requests are answered from the page", async ({ page, product }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  const panel = await openEverything(page, product);
  const timeline = panel.locator(".timeline");

  // Elicitation: a form built from requestedSchema, accepted.
  let runner = await startTool(panel, "trigger-elicitation-request");
  const elicitation = panel.getByRole("article", { name: "Elicitation from the server" });
  await expect(elicitation).toContainText("Please provide inputs for the following fields:");
  await expect(elicitation.getByLabel("integer", { exact: true })).toHaveValue("42");
  await elicitation.getByLabel("name", { exact: true }).fill("Ada Lovelace");
  await elicitation.getByLabel("email", { exact: true }).fill("ada@example.com");
  await page.screenshot({ path: test.info().outputPath("bench-elicitation.png") });
  await elicitation.getByRole("button", { name: "Accept" }).click();
  await expect(elicitation).toHaveCount(0);
  await expect(runner.getByTestId("tool-result")).toContainText("User provided the requested information!");
  await expect(runner.getByTestId("tool-result")).toContainText("- Name: Ada Lovelace");
  await expect(runner.getByTestId("tool-result")).toContainText("- Email: ada@example.com");
  await expect(timeline.locator('.message-row.dir-in[data-kind="request"][data-method="elicitation/create"]')).toHaveCount(1);
  await expect(timeline.locator('.message-row.dir-out[data-kind="response"][data-method="elicitation/create"]')).toHaveCount(1);

  // Declined: the server hears "decline".
  runner = await startTool(panel, "trigger-elicitation-request");
  await elicitation.getByRole("button", { name: "Decline" }).click();
  await expect(runner.getByTestId("tool-result")).toContainText("User declined to provide the requested information.");

  // Sampling: the messages are shown; the user types the reply and the model.
  runner = await startTool(panel, "trigger-sampling-request", (r) => r.getByLabel("prompt", { exact: true }).fill("What is 2+2?"));
  const sampling = panel.getByRole("article", { name: "Sampling request from the server" });
  await expect(sampling.getByRole("list", { name: "Messages to sample from" })).toContainText("What is 2+2?");
  await expect(sampling).toContainText("You are a helpful test server.");
  await sampling.getByLabel("Assistant reply").fill("Four, of course.");
  await sampling.getByLabel("Model").fill("human-in-the-loop");
  await page.screenshot({ path: test.info().outputPath("bench-sampling.png") });
  await sampling.getByRole("button", { name: "Send reply" }).click();
  await expect(sampling).toHaveCount(0);
  await expect(runner.getByTestId("tool-result")).toContainText("Four, of course.");
  await expect(runner.getByTestId("tool-result")).toContainText("human-in-the-loop");
  await expect(timeline.locator('.message-row.dir-in[data-kind="request"][data-method="sampling/createMessage"]')).toHaveCount(1);
  await expect(timeline.locator('.message-row.dir-out[data-kind="response"][data-method="sampling/createMessage"]')).toHaveCount(1);

  // Rejected: the server gets an error, and says so.
  runner = await startTool(panel, "trigger-sampling-request", (r) => r.getByLabel("prompt", { exact: true }).fill("again"));
  await sampling.getByRole("button", { name: "Reject" }).click();
  await expect(runner.getByTestId("tool-result")).toContainText("the user rejected the sampling request");
  await expect(timeline.locator('.message-row.dir-out[data-kind="error"][data-method="sampling/createMessage"]')).toHaveCount(1);
});

test("roots are edited in their tab; the raw console sends ping, tools/list, a notification and a request the schema flags", async ({ page, product }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  const panel = await openEverything(page, product);
  const timeline = panel.locator(".timeline");

  await panel.getByRole("tab", { name: "Roots" }).click();
  await panel.getByLabel("Root 1 URI").fill("https://example.com/repo");
  await expect(panel.locator(".roots-panel [role=alert]")).toContainText("must be file:// URIs");
  await panel.getByLabel("Root 1 URI").fill("file:///work/project");
  await panel.getByLabel("Root 1 name").fill("project");
  await panel.getByRole("button", { name: "Save roots" }).click();
  await expect(panel.getByTestId("roots-status")).toContainText("notifications/roots/list_changed sent");
  await expect(timeline.locator('.message-row.dir-out[data-method="notifications/roots/list_changed"]')).toHaveCount(1);
  // The server asks again on list_changed, and a tool of its own reports what it was told.
  await expect(timeline.locator('.message-row.dir-out[data-kind="response"][data-method="roots/list"]')).toHaveCount(2);
  await panel.getByRole("tab", { name: "Tools" }).click();
  const roots = await startTool(panel, "get-roots-list");
  await expect(roots.getByTestId("tool-result")).toContainText("file:///work/project");

  await panel.getByRole("tab", { name: "Console" }).click();
  const raw = panel.locator(".raw-console");
  // The message being written (the reply below it is a read-only editor of its own).
  const input = raw.locator(".json-editor:not([data-readonly])");
  await expect(input.locator(".view-lines")).toContainText('"method": "ping"');
  await raw.getByRole("button", { name: "Send request" }).click();
  await expect(raw.getByTestId("console-result")).toHaveAttribute("data-outcome", "result");
  await expect(timeline.locator('.message-row[data-kind="response"][data-method="ping"]')).toHaveCount(1);

  await raw.getByLabel("Start from a method").selectOption("tools/list");
  await expect(input.locator(".view-lines")).toContainText('"method": "tools/list"');
  await raw.getByRole("button", { name: "Send request" }).click();
  await expect(raw.getByTestId("console-result")).toContainText('"tools"');
  await expect(raw.getByTestId("console-result")).toHaveAttribute("data-outcome", "result");
  await expect(timeline.locator('.message-row[data-kind="response"][data-method="tools/list"]')).toHaveCount(2);

  await raw.getByLabel("Start from a method").selectOption("notifications/roots/list_changed");
  await raw.getByRole("button", { name: "Send notification" }).click();
  await expect(raw.getByTestId("console-result")).toContainText("Sent the notification");
  await expect(timeline.locator('.message-row.dir-out[data-method="notifications/roots/list_changed"]')).toHaveCount(2);

  // Typed by hand: the schema flags a wrong param type (Monaco shows schema problems as warnings),
  // the message can still be sent, and the server's own error comes back.
  await input.locator(".view-lines").click();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.press("Delete");
  await page.keyboard.insertText('{"jsonrpc": "2.0", "id": 7, "method": "tools/call", "params": {"name": 5}}');
  await expect(input.locator(".squiggly-warning").first()).toBeVisible({ timeout: 10_000 });
  await expect(input.locator(".view-overlays .squiggly-warning")).toHaveCount(1);
  await raw.getByRole("button", { name: "Send request" }).click();
  await expect(raw.getByTestId("console-result")).toHaveAttribute("data-outcome", "rpc-error");
  // The SDK inside server-everything answers a params type error with -32603 and zod's issues.
  await expect(raw.getByTestId("console-result")).toContainText(/Error -326\d\d/);
  await expect(raw.getByTestId("console-result")).toContainText("invalid_type");
  await expect(timeline.locator('.message-row[data-kind="error"][data-method="tools/call"]')).toHaveCount(1);
  await page.screenshot({ path: test.info().outputPath("bench-console.png") });

  // Completion: the method names of the negotiated revision.
  await input.locator(".view-lines").click();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.press("Delete");
  await page.keyboard.insertText('{"jsonrpc": "2.0", "id": 8, "method": "tasks/"}');
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("Control+Space");
  const suggestions = input.locator(".suggest-widget.visible");
  await expect(suggestions).toContainText("tasks/list", { timeout: 10_000 });
  await expect(suggestions).toContainText("tasks/cancel");
  await expect(suggestions).not.toContainText("ping");
  await page.keyboard.press("Escape");

  // Lint: the tool list, checked.
  await panel.getByRole("tab", { name: "Lint" }).click();
  await expect(panel.getByTestId("lint-summary")).toContainText(/\d+ tools checked/);
  await page.screenshot({ path: test.info().outputPath("bench-lint.png") });
});
