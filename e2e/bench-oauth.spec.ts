import type { Locator, Page } from "@playwright/test";
import { type ProtectedServer, startProtectedServer } from "../server/bench/oauth/test-support/protected-mcp-server.ts";
import { expect, benchTest as test } from "./fixtures.ts";
import type { Product } from "./product.ts";

/** A real authorization server and OAuth-protected MCP server on loopback ports of their own. */
let server: ProtectedServer;
test.beforeAll(async () => {
  server = await startProtectedServer();
});
test.afterAll(() => server.close());

const session = (page: Page) => page.locator('section[role="tabpanel"]:not([hidden])');

/** Signs in, then connects the bench to the protected server, which answers 401. */
async function connectToProtected(page: Page, product: Product): Promise<{ panel: Locator; oauth: Locator }> {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`${product.web}/login?token=${product.sessionToken}`);
  await page.goto(`${product.web}/bench`);
  const form = page.getByRole("form", { name: "Connect to a remote server" });
  await form.getByLabel("Server URL").fill(server.mcpUrl);
  await form.getByRole("button", { name: "Connect" }).click();
  const panel = session(page);
  await expect(panel.getByTestId("failure-title")).toHaveText("Authentication failed (401)", { timeout: 30_000 });
  await expect(panel.locator(".failure")).toContainText("the server says: Missing Authorization header (invalid_token)");
  await expect(panel.locator(".failure")).toContainText("press Authorize below");
  return { panel, oauth: panel.getByRole("region", { name: "OAuth" }) };
}

/** Presses Authorize (optionally filling the hand-registered client first) and answers the consent window. */
async function authorize(page: Page, oauth: Locator, decision: "Approve" | "Deny"): Promise<void> {
  const popup = page.waitForEvent("popup");
  await oauth.getByRole("button", { name: /^Authorize/ }).click();
  const consent = await popup;
  await expect(consent.getByRole("heading", { name: "Allow access?" })).toBeVisible({ timeout: 30_000 });
  await consent.getByRole("button", { name: decision }).click();
}

const step = (oauth: Locator, id: string) => oauth.locator(`.oauth-step[data-step="${id}"]`);

test("a protected remote server: 401, Authorize, consent, each step OK, tools called, an expired token refreshed", async ({ page, product }) => {
  test.setTimeout(150_000);
  const { panel, oauth } = await connectToProtected(page, product);
  await expect(oauth.getByRole("button", { name: "Authorize" })).toBeVisible();

  await authorize(page, oauth, "Approve");
  await expect(panel.getByTestId("session-status")).toHaveText("Connected", { timeout: 30_000 });
  const steps = oauth.locator(".oauth-step");
  await expect(steps).toHaveCount(6);
  for (const id of ["resource-metadata", "server-metadata", "registration", "authorization", "token", "connect"]) await expect(step(oauth, id)).toHaveAttribute("data-status", "ok");
  await expect(step(oauth, "resource-metadata")).toContainText(`authorization server ${server.issuer}`);
  await expect(step(oauth, "registration")).toContainText("registered dynamically (RFC 7591)");
  await expect(step(oauth, "token")).toContainText("got an access token (Bearer, expires in 3600 s, scope mcp:tools) and a refresh token");

  // The token exchange, opened: the reply is shown with its tokens redacted.
  await step(oauth, "token").getByText("1 HTTP exchange").click();
  await expect(step(oauth, "token").getByLabel("Response body")).toContainText('"access_token": "•••redacted•••"');
  await expect(step(oauth, "token").getByLabel("Request body")).toContainText("code_verifier=•••redacted•••");
  await page.screenshot({ path: test.info().outputPath("bench-oauth-steps.png") });
  const stored = await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith("switchyard.bench.oauth:")));
  expect(stored).toEqual([`switchyard.bench.oauth:${server.mcpUrl}`]);

  // Tools are listed and called with the token.
  await panel.locator('[data-tool="whoami"]').click();
  let runner = panel.getByRole("article", { name: "Tool whoami" });
  await runner.getByRole("button", { name: "Call tool" }).click();
  await expect(runner.getByTestId("tool-result")).toContainText("You are ");

  // The server stops honouring the token: the next call is refreshed through, and the step says so.
  server.expireAccessTokens();
  await panel.locator('[data-tool="echo"]').click();
  runner = panel.getByRole("article", { name: "Tool echo" });
  await runner.getByLabel("message", { exact: true }).fill("after expiry");
  await runner.getByRole("button", { name: "Call tool" }).click();
  await expect(runner.getByTestId("tool-result")).toContainText("Echo: after expiry");
  await expect(step(oauth, "refresh")).toHaveAttribute("data-status", "ok");
  await expect(step(oauth, "refresh")).toContainText("the server answered 401 to the access token: got a new access token");

  // Behavioural lint: "tidy" says it is read-only, yet its call announces changed resources.
  await panel.locator('[data-tool="tidy"]').click();
  runner = panel.getByRole("article", { name: "Tool tidy" });
  await runner.getByRole("button", { name: "Call tool" }).click();
  await expect(runner.getByTestId("tool-result")).toContainText("Tidied.");
  await panel.getByRole("tab", { name: "Lint" }).click();
  const seen = panel.getByRole("list", { name: "Findings from this session" });
  await expect(seen.locator('[data-rule="read-only-changed-state"]')).toContainText("annotated readOnlyHint: true, but calling it was followed by notifications/resources/list_changed");
  await expect(seen.locator('[data-rule="read-only-changed-state"] code')).toHaveText("tidy");
  await expect(panel.getByTestId("behaviour-summary")).toHaveText("3 tool calls watched: 1 finding.");
  await seen.scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath("bench-lint-behaviour.png") });
});

test("refused consent and a wrong client secret show as failed steps, in words, with what to try", async ({ page, product }) => {
  test.setTimeout(150_000);
  const { panel, oauth } = await connectToProtected(page, product);

  await authorize(page, oauth, "Deny");
  await expect(step(oauth, "authorization")).toHaveAttribute("data-status", "failed");
  await expect(step(oauth, "authorization")).toContainText("the authorization was refused on the consent page (access_denied)");
  await expect(step(oauth, "authorization")).toContainText("Try: authorize again and approve");
  await expect(oauth.locator(".oauth-step")).toHaveCount(4);
  await expect(panel.getByTestId("session-status")).toHaveText("Failed");

  await oauth.getByText("Use a client registered by hand, or a scope").click();
  await oauth.getByLabel("Client ID").fill(server.preRegistered.clientId);
  await oauth.getByLabel("Client secret").fill("not-the-secret");
  await authorize(page, oauth, "Approve");
  await expect(step(oauth, "token")).toHaveAttribute("data-status", "failed", { timeout: 30_000 });
  await expect(step(oauth, "registration")).toContainText("using the client you entered: bench-test-client, with its secret");
  await expect(step(oauth, "token")).toContainText("the authorization server did not accept the client's credentials (invalid_client): “Invalid client_secret”");
  await expect(step(oauth, "token")).toContainText("Try: check the client ID and client secret");
  await step(oauth, "token").scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath("bench-oauth-failed.png") });
  await step(oauth, "token").getByText("1 HTTP exchange").click();
  await expect(step(oauth, "token").getByLabel("Request body")).toContainText("client_secret=•••redacted•••");
  await expect(oauth).not.toContainText("not-the-secret");
});
