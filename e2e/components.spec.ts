/**
 * The component marketplace at /components, against the product started like `npm start`:
 * find the seeded reference server, read its contract and compatibility matrix, deploy it from
 * the page and call the new deployment through the gateway; then a published test component
 * with three versions (one forced past breaking changes), a hostile readme and a required
 * secret: the readme stays inert, the versions and diffs show what changed, and the deploy form
 * takes the secret, names bad fields, and never shows the secret again.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { type Page, expect, test } from "@playwright/test";
import { SwitchyardClient } from "../cli/sdk/switchyard-client.ts";
import { type TestRegistry, startTestRegistry } from "../runner/test-support/npm-registry.ts";
import { WEATHER_BREAKING, WEATHER_COMPATIBLE, WEATHER_NAME, WEATHER_V1, releaseWeather, weatherManifest } from "../server/registry/test/weather-component.ts";
import { type Product, startProduct } from "./product.ts";

const PORT_BASE = 3440;
const EVERYTHING = "io.github.modelcontextprotocol/server-everything";
const REVISIONS = ["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"];
const SECRET = "s3cret-value-42";

/** Everything a hostile readme might try: script, event handlers, javascript: links, tracking images. */
const HOSTILE_README = `# Weather

Forecasts and alerts.

<script>window.__pwned = "script"; alert("script")</script>

<img src="x" onerror="window.__pwned = 'onerror'">

[click me](javascript:window.__pwned='link')

<a href="javascript:window.__pwned='html-link'">raw html link</a>

[the docs](https://example.com/docs) and [a relative file](docs/setup.md)

![tracking pixel](https://tracker.example/pixel.png)
`;

let registry: TestRegistry;
let product: Product;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(420_000);
  registry = await startTestRegistry();
  const needsKey = { requiredEnv: ["WEATHER_API_KEY"] };
  releaseWeather(registry, "1.0.0", { ...WEATHER_V1, ...needsKey }, HOSTILE_README);
  releaseWeather(registry, "1.1.0", { ...WEATHER_BREAKING, ...needsKey }, HOSTILE_README);
  releaseWeather(registry, "1.2.0", { ...WEATHER_COMPATIBLE, ...needsKey }, HOSTILE_README);
  product = await startProduct("embedded", PORT_BASE, undefined, { SWITCHYARD_NPM_REGISTRY: registry.url });

  const sdk = new SwitchyardClient({ baseUrl: product.web, apiKey: product.demoKey, timeoutMs: 240_000 });
  const probeEnvironment = { WEATHER_API_KEY: "probe-key" };
  await sdk.registry.publish(weatherWithEnvironment("1.0.0"), { probeEnvironment });
  await sdk.registry.publish(weatherWithEnvironment("1.1.0"), { probeEnvironment, force: true });
  await sdk.registry.publish(weatherWithEnvironment("1.2.0"), { probeEnvironment });
});

test.afterAll(async () => {
  await product?.stop();
  await registry?.close();
});

/** The test component's server.json with a required secret, a variable with choices, and a category. */
function weatherWithEnvironment(version: string) {
  const manifest = weatherManifest(version, { title: "Weather", _meta: { "io.switchyard/listing": { category: "weather" } } });
  const [pkg] = manifest.packages;
  return {
    ...manifest,
    packages: [
      {
        ...pkg,
        environmentVariables: [
          { name: "WEATHER_API_KEY", description: "Key for the forecast service", isRequired: true, isSecret: true },
          { name: "UNITS", description: "Units of the forecast", choices: ["metric", "imperial"], default: "metric" },
        ],
      },
    ],
  };
}

async function login(page: Page): Promise<void> {
  await page.goto(`${product.web}/login?token=${product.sessionToken}`);
}

/** Fails the test if the page asks any host but loopback for anything (readme images, say). */
function loopbackOnly(page: Page): string[] {
  const elsewhere: string[] = [];
  page.on("request", (request) => {
    const host = new URL(request.url()).hostname;
    if (!["127.0.0.1", "localhost", "[::1]"].includes(host) && !request.url().startsWith("data:")) elsewhere.push(request.url());
  });
  return elsewhere;
}

async function callTool(endpoint: string, name: string, args: Record<string, unknown>): Promise<string> {
  const client = new Client({ name: "switchyard-e2e", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(endpoint), { requestInit: { headers: { Authorization: `Bearer ${product.demoKey}` } } }));
  try {
    const result = await client.callTool({ name, arguments: args });
    return (result.content as Array<{ type: string; text: string }>)[0]!.text;
  } finally {
    await client.close();
  }
}

test("find the reference server, read its matrix and tools, deploy it and call it through the gateway", async ({ page }) => {
  const elsewhere = loopbackOnly(page);
  await login(page);
  await page.getByRole("navigation").getByRole("link", { name: "Components" }).click();
  await expect(page).toHaveURL(/\/components$/);
  await expect(page.getByRole("heading", { name: "Components", level: 1 })).toBeVisible();
  await expect(page.locator(`[data-component="${WEATHER_NAME}"]`)).toBeVisible();

  await page.getByRole("searchbox", { name: "Search components" }).fill("everything");
  await expect(page).toHaveURL(/\?q=everything$/);
  const card = page.locator(`[data-component="${EVERYTHING}"]`);
  await expect(card).toBeVisible();
  await expect(page.locator(`[data-component="${WEATHER_NAME}"]`)).toHaveCount(0);
  await expect(card).toContainText("Everything");
  await expect(card.getByTestId("verified")).toBeVisible();
  await expect(card).toContainText("stdio");
  await expect(card.getByTestId("tool-count")).toHaveText(/^\d+ tools$/);
  await expect(card).toContainText(/v\d+\.\d+\.\d+/);
  await page.screenshot({ path: test.info().outputPath("components-list.png"), fullPage: true });

  await card.click();
  await expect(page).toHaveURL(`${product.web}/components/${EVERYTHING}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Everything");
  await expect(page.getByTestId("readme")).toContainText("Everything MCP Server");
  await page.screenshot({ path: test.info().outputPath("component-readme.png"), fullPage: true });

  await page.getByRole("tab", { name: "Compatibility" }).click();
  const matrix = page.getByRole("table", { name: "Compatibility matrix" });
  for (const revision of REVISIONS) {
    const row = matrix.locator(`tr[data-revision="${revision}"]`);
    await expect(row.getByTestId("initialized")).toHaveText("✓ initialized");
    await expect(row.getByTestId("listed")).toHaveText("✓ listed");
    await expect(row.getByTestId("negotiated")).toContainText(revision);
  }
  await page.screenshot({ path: test.info().outputPath("component-compatibility.png"), fullPage: true });

  await page.getByRole("tab", { name: /Contract/ }).click();
  const echo = page.locator('[data-tool="echo"]');
  await echo.locator(":scope > summary").click();
  await expect(echo.getByRole("table", { name: "Arguments" })).toContainText("message");
  await expect(page.locator("[data-tool]")).not.toHaveCount(0);
  await expect(page.getByRole("table", { name: "Prompts" })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("component-contract.png"), fullPage: true });

  // Deploy: the page's Deploy button opens the form; a bad name is named next to the field.
  await page.getByRole("button", { name: "Deploy", exact: true }).click();
  const name = page.getByLabel("Deployment name");
  await expect(name).toHaveValue("server-everything");
  await expect(page.getByText("This version needs no configuration.")).toBeVisible();
  await name.fill("not a name!");
  await page.getByRole("button", { name: /^Deploy \d/ }).click();
  await expect(page.getByTestId("error-name")).toContainText("expected 1-63 letters, digits");
  await expect(name).toHaveAttribute("aria-invalid", "true");
  await name.fill("everything-e2e");
  await page.getByRole("button", { name: /^Deploy \d/ }).click();
  const deployed = page.getByTestId("deployed");
  await expect(deployed).toContainText("Deployed “everything-e2e”", { timeout: 30_000 });
  await expect(deployed.getByTestId("endpoint-mcp")).toHaveText(`${product.gateway}/mcp/everything-e2e`);
  await expect(deployed.getByTestId("endpoint-sse")).toHaveText(`${product.gateway}/sse/everything-e2e`);
  await expect(deployed.getByTestId("endpoint-ws")).toHaveText(`${product.gateway.replace("http", "ws")}/ws/everything-e2e`);
  await expect(deployed.getByRole("link", { name: "Open in bench" })).toHaveAttribute("href", "/bench?deployment=everything-e2e");
  await expect(page.locator('.mk-head-actions a:has-text("Open in bench")')).toHaveAttribute("href", /\/bench\?deployment=/);
  await expect(page.getByRole("region", { name: "Your deployments" })).toContainText("everything-e2e");
  await page.screenshot({ path: test.info().outputPath("component-deployed.png"), fullPage: true });

  expect(await callTool(`${product.gateway}/mcp/everything-e2e`, "echo", { message: "from the marketplace" })).toBe("Echo: from the marketplace");

  // The same name again is refused, next to the field.
  await deployed.getByRole("button", { name: "Deploy another" }).click();
  await name.fill("everything-e2e");
  await page.getByRole("button", { name: /^Deploy \d/ }).click();
  await expect(page.getByTestId("error-name")).toContainText('already have a deployment named "everything-e2e"');

  // Open in bench leads to the bench with the deployment picked.
  await page.getByRole("region", { name: "Your deployments" }).locator('[data-deployment="everything-e2e"]').getByRole("link", { name: "Open in bench" }).click();
  await expect(page).toHaveURL(`${product.web}/bench?deployment=everything-e2e`);

  expect(elsewhere).toEqual([]);
});

test("filters: transport, category and verified", async ({ page }) => {
  await login(page);
  await page.goto(`${product.web}/components`);
  const weather = page.locator(`[data-component="${WEATHER_NAME}"]`);
  const everything = page.locator(`[data-component="${EVERYTHING}"]`);
  await expect(weather).toBeVisible();
  await expect(everything).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("components-all.png"), fullPage: true });

  await page.getByLabel("Verified only").check();
  await expect(weather).toHaveCount(0);
  await expect(everything).toBeVisible();
  await page.getByLabel("Verified only").uncheck();

  await page.getByLabel("Category").selectOption("weather");
  await expect(everything).toHaveCount(0);
  await expect(weather).toBeVisible();
  await expect(page).toHaveURL(/category=weather/);

  await page.getByLabel("Transport").selectOption("sse");
  await expect(page.getByText("No components match.")).toBeVisible();
  await page.getByRole("button", { name: "clear all filters" }).click();
  await expect(everything).toBeVisible();
  await expect(weather).toBeVisible();

  await page.getByLabel("Transport").selectOption("stdio");
  await expect(everything).toBeVisible();
});

test("a hostile readme renders inert: no script, no javascript: link, no remote image", async ({ page }) => {
  const elsewhere = loopbackOnly(page);
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await login(page);
  await page.goto(`${product.web}/components/${WEATHER_NAME}`);
  const readme = page.getByTestId("readme");
  await expect(readme).toContainText("Forecasts and alerts.");

  // Raw HTML is shown as text, never as elements.
  await expect(readme).toContainText('<script>window.__pwned = "script"');
  await expect(readme.locator("script, img, iframe, [onerror]")).toHaveCount(0);
  // javascript: links lose their URL and are not links at all; so are relative ones.
  await expect(page.locator('a[href^="javascript:" i]')).toHaveCount(0);
  await expect(readme.getByRole("link", { name: "click me" })).toHaveCount(0);
  await readme.getByText("click me").click();
  await expect(readme.getByRole("link", { name: "a relative file" })).toHaveCount(0);
  // Absolute https links work, in a new tab without a referrer.
  const docs = readme.getByRole("link", { name: "the docs" });
  await expect(docs).toHaveAttribute("href", "https://example.com/docs");
  await expect(docs).toHaveAttribute("rel", /noopener/);
  await expect(docs).toHaveAttribute("target", "_blank");
  // Images are not fetched: their alt text stands in.
  await expect(readme).toContainText("tracking pixel");

  expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
  expect(dialogs).toEqual([]);
  expect(elsewhere).toEqual([]);
  await page.screenshot({ path: test.info().outputPath("hostile-readme.png"), fullPage: true });
});

test("versions show the forced release and the bump; the diff compares any two versions", async ({ page }) => {
  await login(page);
  await page.goto(`${product.web}/components/${WEATHER_NAME}?tab=versions`);
  const versions = page.getByRole("table", { name: "Versions" });
  await expect(versions.locator("tbody tr")).toHaveCount(3);
  const forced = versions.locator('tr[data-version="1.1.0"]');
  await expect(forced.getByTestId("forced")).toBeVisible();
  await expect(forced).toContainText("major bump");
  await expect(forced.getByTestId("changes")).toContainText("breaking");
  await expect(versions.locator('tr[data-version="1.2.0"]').getByTestId("forced")).toHaveCount(0);
  await expect(versions.locator('tr[data-version="1.2.0"]')).toContainText("minor bump");
  await page.screenshot({ path: test.info().outputPath("versions.png"), fullPage: true });

  await forced.getByRole("button", { name: "Diff" }).click();
  await expect(page).toHaveURL(/tab=diff&from=1\.0\.0&to=1\.1\.0/);
  await expect(page.getByTestId("diff-summary")).toContainText("1.0.0 → 1.1.0");
  await expect(page.getByTestId("diff-summary")).toContainText("major bump");
  const changes = page.getByRole("list", { name: "Changes" });
  await expect(changes.locator('[data-kind="breaking"]', { hasText: "get_alerts" })).toBeVisible();
  await expect(changes.locator('[data-kind="breaking"]', { hasText: "days" })).toBeVisible();
  await expect(changes.locator('[data-kind="breaking"]').first()).toContainText("tools.");
  await page.screenshot({ path: test.info().outputPath("diff.png"), fullPage: true });

  // Any two versions: 1.1.0 → 1.2.0 only adds a tool back.
  await page.getByRole("combobox", { name: "From", exact: true }).selectOption("1.1.0");
  await page.getByRole("combobox", { name: "To", exact: true }).selectOption("1.2.0");
  await expect(page.getByTestId("diff-summary")).toContainText("1.1.0 → 1.2.0");
  await expect(page.getByTestId("diff-summary")).toContainText("minor bump");
  await expect(changes.locator('[data-kind="compatible"]', { hasText: "get_alerts" })).toBeVisible();
  await expect(changes.locator('[data-kind="breaking"]')).toHaveCount(0);

  // And across the forced release, both ways.
  await page.getByRole("combobox", { name: "From", exact: true }).selectOption("1.0.0");
  await expect(page.getByTestId("diff-summary")).toContainText("1.0.0 → 1.2.0");
  await expect(changes.locator('[data-kind="breaking"]', { hasText: "days" })).toBeVisible();
  await page.getByRole("button", { name: "Swap from and to" }).click();
  await expect(page.getByTestId("diff-summary")).toContainText("1.2.0 → 1.0.0");

  // Every version against every revision.
  await page.getByRole("tab", { name: "Compatibility" }).click();
  const all = page.getByRole("table", { name: "Compatibility of every version" });
  await expect(all.locator("tbody tr")).toHaveCount(3);
  await expect(all.locator("thead th")).toHaveText(["Version", ...REVISIONS]);
  await page.screenshot({ path: test.info().outputPath("compatibility-all.png"), fullPage: true });
});

test("deploying with a secret: the form names the missing value, takes the secret, and never shows it again", async ({ page }) => {
  await login(page);
  await page.goto(`${product.web}/components/${WEATHER_NAME}`);
  await page.getByRole("tab", { name: "Deploy" }).click();
  const secret = page.getByLabel("WEATHER_API_KEY");
  await expect(secret).toHaveAttribute("type", "password");
  await expect(page.getByLabel("UNITS")).toHaveValue("");
  await expect(page.getByLabel("UNITS").locator("option")).toHaveText(["Default (metric)", "metric", "imperial"]);
  await expect(page.getByRole("button", { name: "Open in bench" })).toBeVisible(); // no deployment yet: leads to this form

  await page.getByLabel("Deployment name").fill("weather-e2e");
  await page.getByRole("button", { name: "Deploy 1.2.0" }).click();
  await expect(page.getByTestId("error-values.WEATHER_API_KEY")).toContainText("WEATHER_API_KEY is required");
  await expect(secret).toHaveAttribute("aria-invalid", "true");
  await page.screenshot({ path: test.info().outputPath("deploy-errors.png"), fullPage: true });

  await secret.fill(SECRET);
  await page.getByLabel("UNITS").selectOption("imperial");
  await page.getByRole("button", { name: "Deploy 1.2.0" }).click();
  const deployed = page.getByTestId("deployed");
  await expect(deployed.getByTestId("endpoint-mcp")).toHaveText(`${product.gateway}/mcp/weather-e2e`, { timeout: 30_000 });
  await expect(page.locator('.mk-head-actions a:has-text("Open in bench")')).toHaveAttribute("href", "/bench?deployment=weather-e2e");
  await page.screenshot({ path: test.info().outputPath("deploy-secret.png"), fullPage: true });

  // The server got the secret (the test server reports its length), the page does not have it.
  expect(await callTool(`${product.gateway}/mcp/weather-e2e`, "get_forecast", { city: "Oslo", days: 2 })).toContain(`WEATHER_API_KEY has ${SECRET.length} characters`);
  expect(await page.content()).not.toContain(SECRET);
  await deployed.getByRole("button", { name: "Deploy another" }).click();
  await expect(page.getByLabel("WEATHER_API_KEY")).toHaveValue("");
  await page.reload();
  expect(await page.content()).not.toContain(SECRET);
  await expect(page.getByRole("region", { name: "Your deployments" })).toContainText("weather-e2e");

  // Open in bench: the bench connects to the new deployment through the gateway and calls it.
  await page.locator('.mk-head-actions a:has-text("Open in bench")').click();
  await expect(page).toHaveURL(`${product.web}/bench?deployment=weather-e2e`);
  const bench = page.locator('section[role="tabpanel"]:not([hidden])');
  await bench.getByRole("button", { name: "Create a bench key" }).click();
  await expect(bench.getByTestId("session-status")).toHaveText("Connected", { timeout: 30_000 });
  await bench.locator('[data-tool="get_forecast"]').click();
  const runner = bench.getByRole("article", { name: "Tool get_forecast" });
  await runner.getByLabel("city", { exact: true }).fill("Oslo");
  await runner.getByLabel("days", { exact: true }).fill("3");
  await runner.getByRole("button", { name: "Call tool" }).click();
  await expect(runner.getByTestId("tool-result")).toContainText(`WEATHER_API_KEY has ${SECRET.length} characters`);
  expect(await page.content()).not.toContain(SECRET);
});
