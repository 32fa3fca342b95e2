import { expect, consoleEditsTest as test } from "./fixtures.ts";

test("A2A rules made in the console are previewed, saved, and served in the deployment's agent card", async ({ page, product }) => {
  test.setTimeout(180_000);
  await page.goto(`${product.web}/login?token=${product.sessionToken}`);
  await page.goto(`${product.web}/console/a2a`);
  await expect(page.getByRole("heading", { name: "A2A", level: 1 })).toBeVisible();
  await page.getByLabel("deployment").selectOption("everything");
  await expect(page.getByTestId("a2a-endpoint")).toContainText(`${product.gateway}/a2a/everything`);

  await page.getByLabel("new name for echo").fill("say");
  await page.getByLabel("hide get-env").check();
  await page.getByLabel("default skill").selectOption("say");
  await page.getByLabel("sample text").fill("hello");
  await page.getByRole("button", { name: "Preview" }).click();
  const preview = page.getByTestId("a2a-preview");
  await expect(preview).toContainText('"skillId": "say"');
  await expect(preview).toContainText('"message": "hello"');
  await page.screenshot({ path: test.info().outputPath("a2a-preview.png"), fullPage: true });

  await page.getByRole("button", { name: "Save rules" }).click();
  await expect(page.getByText("Rules saved.")).toBeVisible();

  const card = await fetch(`${product.gateway}/a2a/everything/.well-known/agent-card.json`, { headers: { authorization: `Bearer ${product.demoKey}`, "a2a-version": "1.0" } });
  expect(card.status).toBe(200);
  const ids = ((await card.json()) as { skills: Array<{ id: string }> }).skills.map((skill) => skill.id);
  expect(ids).toContain("say");
  expect(ids).not.toContain("echo");
  expect(ids).not.toContain("get-env");
});
