import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { McpError } from "@modelcontextprotocol/sdk/types.js";
import { expect, consoleEditsTest as test } from "./fixtures.ts";
import type { Product } from "./product.ts";

const text = (result: unknown) => (result as { content: Array<{ text: string }> }).content[0]!.text;

test("a composite made in the console is served by the gateway as one MCP server", async ({ page, product }) => {
  test.setTimeout(180_000);
  await page.goto(`${product.web}/login?token=${product.sessionToken}`);
  await page.getByRole("link", { name: "Compositions" }).click();
  await expect(page.getByRole("heading", { name: "Compositions", level: 1 })).toBeVisible();
  await expect(page.getByText("No composites yet.")).toBeVisible();

  await page.getByLabel("Name", { exact: true }).fill("combo");
  const first = page.getByRole("group", { name: "Member 1" });
  await first.getByLabel("Deployment").selectOption("everything");
  await first.getByLabel("Prefix").fill("a_");
  // The member's live tools, listed through a process of its pool.
  await expect(first.getByLabel("Offer echo")).toBeChecked({ timeout: 60_000 });
  await first.getByLabel("Rename echo").fill("say");

  await page.getByRole("button", { name: "Add member" }).click();
  const second = page.getByRole("group", { name: "Member 2" });
  await second.getByLabel("Deployment").selectOption("everything");
  await second.getByLabel("Prefix").fill("b_");
  await expect(second.getByLabel("Offer get-env")).toBeChecked({ timeout: 60_000 });
  await second.getByLabel("Offer get-env").click();
  await expect(second.getByLabel("Offer get-env")).not.toBeChecked();
  await second.getByLabel("Fixed arguments of get-sum").fill('{"a": 10}');

  const result = page.getByRole("table", { name: "Resulting tools" });
  await expect(result.locator('tr[data-tool="b_get-sum"]')).toContainText('{"a":10}');
  await expect(result.locator('tr[data-tool="a_say"]')).toContainText("everything.echo");
  await expect(result.locator('tr[data-tool="a_get-env"]')).toHaveCount(1);
  await expect(result.locator('tr[data-tool="b_get-env"]')).toHaveCount(0);
  await expect(page.getByRole("list", { name: "Problems" })).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath("compositions-preview.png"), fullPage: true });

  await page.getByRole("button", { name: "Save composite" }).click();
  await expect(page.getByTestId("saved-endpoint")).toHaveText(`${product.gateway}/mcp/combo`);
  const row = page.locator('tr[data-composite="combo"]');
  await expect(row.getByTestId("endpoint")).toHaveText(`${product.gateway}/mcp/combo`);
  await expect(row).toContainText("a_… ← everything");
  await page.screenshot({ path: test.info().outputPath("compositions-saved.png"), fullPage: true });

  const client = new Client({ name: "e2e-compositions", version: "1.0.0" });
  const transport = new StreamableHTTPClientTransport(new URL(`${product.gateway}/mcp/combo`), { requestInit: { headers: { Authorization: `Bearer ${product.demoKey}` } } });
  await client.connect(transport);
  try {
    expect(client.getServerVersion()?.name).toBe("combo");
    const names = (await client.listTools()).tools.map((tool) => tool.name);
    expect(names).toEqual(expect.arrayContaining(["a_say", "a_get-env", "b_echo", "b_get-sum"]));
    expect(names).not.toContain("b_get-env");
    expect(names).not.toContain("a_echo");
    expect(text(await client.callTool({ name: "a_say", arguments: { message: "from the console" } }))).toBe("Echo: from the console");
    expect(text(await client.callTool({ name: "b_get-sum", arguments: { b: 5 } }))).toBe("The sum of 10 and 5 is 15.");
    const refused = await client.callTool({ name: "b_get-sum", arguments: { a: 1, b: 2 } }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(McpError);
    expect((refused as McpError).code).toBe(-32602);
    expect((refused as McpError).message).toContain('argument "a" of tool "b_get-sum" is fixed by composite "combo"');
  } finally {
    await transport.terminateSession().catch(() => {});
    await client.close();
  }

  // The fleet page tells composites apart from the deployments that run processes.
  await page.getByRole("link", { name: "Fleet" }).click();
  await expect(page.getByRole("table", { name: "Composites" }).locator('tr[data-composite="combo"]')).toContainText("everything, everything");
});

test("the editor names the member whose prefix makes every tool clash, and saves nothing", async ({ page, product }) => {
  await page.goto(`${product.web}/login?token=${product.sessionToken}`);
  await page.goto(`${product.web}/console/compositions`);
  await page.getByLabel("Name", { exact: true }).fill("clash");
  await page.getByRole("group", { name: "Member 1" }).getByLabel("Deployment").selectOption("everything");
  await page.getByRole("button", { name: "Add member" }).click();
  const second = page.getByRole("group", { name: "Member 2" });
  await second.getByLabel("Deployment").selectOption("everything");
  await expect(page.locator("p[role=alert]")).toHaveText(
    'members.1.prefix: members 1 and 2 both offer deployment everything\'s tools with the prefix "", so every tool would clash: give member 2 another prefix, e.g. "everything_"',
  );
  await expect(second.getByLabel("Prefix")).toHaveAttribute("aria-invalid", "true");
  await page.getByRole("button", { name: "Save composite" }).click();
  await expect(page.locator("p[role=alert]")).toContainText("members 1 and 2 both offer");
  await expect(page.locator('tr[data-composite="clash"]')).toHaveCount(0);
});
