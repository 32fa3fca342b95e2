import { echoThroughGateway, initializeWith } from "./gateway-client.ts";
import { expect, test } from "./fixtures.ts";

test("the home page shows where everything is and that each part is up", async ({ page, product }) => {
  await page.goto(product.web);
  await expect(page.getByRole("heading", { name: "Switchyard", level: 1 })).toBeVisible();
  const nodes = page.locator(".card", { hasText: "Node agents" });
  await expect(nodes).toContainText("/64 processes");
  await expect(page.locator(".card", { hasText: "Gateway" })).toContainText(product.gateway);
  const embedded = test.info().project.name === "embedded";
  await expect(page.locator(".card", { hasText: "Database" })).toContainText(embedded || !process.env.DATABASE_URL ? "pglite" : "postgres");
  await expect(page.locator(".card", { hasText: "Engine" })).toContainText(embedded || !process.env.REDIS_URL ? "memory" : "redis");
  await page.screenshot({ path: test.info().outputPath("home.png"), fullPage: true });
});

test("a key made in the console calls the demo server, and once revoked is refused", async ({ page, product, consoleLogin }) => {
  await expect(page).toHaveURL(/\/console\/keys$/);
  await expect(page.getByRole("heading", { name: "API keys" })).toBeVisible();

  await page.getByLabel("Name").fill("e2e-key");
  await page.getByRole("button", { name: "Create key" }).click();
  const secret = page.getByTestId("new-key");
  await expect(secret).toHaveText(/^sy_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
  const key = (await secret.textContent())!;
  const prefix = key.slice(3, 15);

  const row = page.locator(`tr[data-prefix="${prefix}"]`);
  await expect(row).toContainText("e2e-key");
  await expect(row).toContainText(`sy_${prefix}_…`);
  await expect(row).toContainText("active");
  await expect(row).not.toContainText(key.slice(16));
  await page.screenshot({ path: test.info().outputPath("keys-created.png"), fullPage: true });

  expect(await echoThroughGateway(product.gateway, key, "from e2e")).toBe("Echo: from e2e");

  // After "Done" the secret is gone for good: only the prefix remains, also after a reload.
  await page.getByRole("button", { name: "Done" }).click();
  // Gateways add usage up for a few seconds before it reaches the engine.
  await expect
    .poll(async () => {
      await page.reload();
      return Number(await row.getByTestId("calls-today").textContent());
    }, { timeout: 15_000, intervals: [1000] })
    .toBeGreaterThanOrEqual(1);
  await expect(row).toContainText("e2e-key");
  await expect(page.getByText(key)).toHaveCount(0);
  await expect(row.locator("td").nth(5)).not.toHaveText("never");

  await row.getByRole("button", { name: "Revoke" }).click();
  await row.getByRole("button", { name: "Confirm revoke" }).click();
  await expect(row).toContainText("revoked");
  await page.screenshot({ path: test.info().outputPath("keys-revoked.png"), fullPage: true });

  const refused = await initializeWith(product.gateway, key);
  expect(refused.status).toBe(401);
  expect(refused.body.error.data.reason).toBe("key_revoked");
  expect(refused.body.error.message).toContain(`sy_${prefix}_… was revoked at`);
});

test("a key made with a daily quota shows today's calls against it; keys without one are unlimited", async ({ page, consoleLogin }) => {
  await page.getByLabel("Name").fill("e2e-metered");
  await page.getByLabel("Calls per day").fill("10000");
  await page.getByRole("button", { name: "Create key" }).click();
  const secret = page.getByTestId("new-key");
  await expect(secret).toHaveText(/^sy_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
  const prefix = (await secret.textContent())!.slice(3, 15);

  const row = page.locator(`tr[data-prefix="${prefix}"]`);
  await expect(row).toContainText("e2e-metered");
  await expect(row.getByTestId("daily-quota")).toHaveText("10,000");
  await expect(row.getByTestId("quota-today")).toHaveText("0 / 10,000");
  await expect(page.locator("tr", { hasText: "demo key" }).getByTestId("daily-quota")).toHaveText("unlimited");
  await page.screenshot({ path: test.info().outputPath("keys-quota.png"), fullPage: true });
});

test("the create form names the field that is wrong and creates nothing", async ({ page, consoleLogin }) => {
  const rows = page.locator("table[aria-label='API keys'] tbody tr");
  await expect(rows.first()).toBeVisible();
  const before = await rows.count();

  await page.getByRole("button", { name: "Create key" }).click();
  await expect(page.locator("p[role=alert]")).toHaveText("name: expected a name for the key, e.g. ci-runner");
  await expect(page.getByLabel("Name")).toHaveAttribute("aria-invalid", "true");

  await page.getByLabel("Name").fill("bad-limit");
  await page.getByLabel("Calls per minute").fill("0");
  await page.getByRole("button", { name: "Create key" }).click();
  await expect(page.locator("p[role=alert]")).toHaveText("rateLimitPerMinute: expected at least 1 call per minute");

  await page.getByLabel("Calls per minute").fill("600");
  await page.getByLabel("Calls per day").fill("0");
  await page.getByRole("button", { name: "Create key" }).click();
  await expect(page.locator("p[role=alert]")).toHaveText("dailyQuota: expected at least 1 call per day");
  await expect(page.getByLabel("Calls per day")).toHaveAttribute("aria-invalid", "true");

  await page.getByLabel("Calls per day").fill("");
  await page.getByLabel("Deployments (comma-separated, * for all)").fill("every thing");
  await page.getByRole("button", { name: "Create key" }).click();
  await expect(page.locator("p[role=alert]")).toContainText('scopes.0: expected "*" or a deployment name');

  await page.reload();
  await expect(rows.first()).toBeVisible();
  expect(await rows.count()).toBe(before);
});

test("the console refuses a browser without this start's session token", async ({ page, product }) => {
  await page.goto(`${product.web}/console/keys`);
  await expect(page.locator(".notice")).toContainText("open the console through the link printed by `npm start`");

  const wrong = await page.goto(`${product.web}/login?token=not-the-token`);
  expect(wrong?.status()).toBe(401);

  const forged = await fetch(`${product.web}/api/trpc/keys.create`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie: `sy_session=${product.sessionToken}`, origin: "http://evil.example" },
    body: JSON.stringify({ name: "csrf" }),
  });
  expect(forged.status).toBe(401);
});

test("the gateway serves the demo key and refuses bad ones with a reason", async ({ product }) => {
  expect(await echoThroughGateway(product.gateway, product.demoKey, "hello")).toBe("Echo: hello");
  for (const [key, reason] of [
    ["", "missing_key"],
    ["sk_wrong", "key_malformed"],
    ["sy_" + "a".repeat(300), "key_too_long"],
    ["sy_0123456789ab_" + "A".repeat(43), "unknown_key"],
  ] as const) {
    const refused = await initializeWith(product.gateway, key);
    expect(refused.status, key).toBe(401);
    expect(refused.body.error.data.reason, key).toBe(reason);
  }
  const health = await (await fetch(`${product.gateway}/healthz`)).json();
  expect(health.status).toBe("ok");
  const metrics = await (await fetch(`${product.gateway}/metrics`)).text();
  expect(metrics).toContain("switchyard_gateway_requests_total");
  const agentMetrics = await (await fetch(`${product.agent}/metrics`)).text();
  expect(agentMetrics).toContain("switchyard_agent_processes");
  expect(agentMetrics).toMatch(/switchyard_agent_process_rss_bytes\{deployment="everything",process="[0-9a-f-]{36}"\} [1-9]\d+/);
  expect(agentMetrics).toMatch(/switchyard_agent_pool_processes\{deployment="everything",state="ready"\} \d/);
});
