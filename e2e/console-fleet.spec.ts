import { initializeWith, echoThroughGateway } from "./gateway-client.ts";
import { expect, test } from "./fixtures.ts";

test("the fleet page shows the node, the demo deployment and its warm process", async ({ page, product, consoleLogin }) => {
  await page.goto(`${product.web}/console/fleet`);
  const nodes = page.getByRole("table", { name: "Nodes" });
  await expect(nodes).toContainText(product.agent);
  await expect(nodes).toContainText(/sandbox|limits|none/);
  const panel = page.locator('[data-deployment="everything"]');
  await expect(panel.getByTestId("deployment-state")).toHaveText("running");
  await expect(panel.getByTestId("ready")).toHaveText(/^[1-9]\d* ready$/);
  await expect(panel.locator("tbody tr").first()).toContainText("ready");
  await expect(panel.locator("tbody tr").first()).toContainText("MiB");
  await page.screenshot({ path: test.info().outputPath("fleet.png"), fullPage: true });
});

test("scaling, a killed process, stop and start all show on the fleet page and reach the gateway", async ({ page, product, consoleLogin }) => {
  await page.goto(`${product.web}/console/fleet`);
  const panel = page.locator('[data-deployment="everything"]');

  await panel.getByLabel("Warm (min)").fill("2");
  await panel.getByRole("button", { name: "Scale" }).click();
  await expect(panel.getByTestId("ready")).toHaveText("2 ready", { timeout: 15_000 });

  const firstPid = Number(await panel.locator("tbody tr").first().getAttribute("data-pid"));
  const crashesBefore = Number((await panel.getByTestId("crashes").textContent())!.split(" ")[0]);
  process.kill(firstPid, "SIGKILL");
  await expect(panel.locator(`tr[data-pid="${firstPid}"]`)).toHaveCount(0, { timeout: 10_000 });
  await expect(panel.getByTestId("crashes")).toHaveText(`${crashesBefore + 1} crashes in the last minute`);
  await expect(panel.getByTestId("ready")).toHaveText("2 ready", { timeout: 15_000 });
  expect(await echoThroughGateway(product.gateway, product.demoKey, "after a crash")).toBe("Echo: after a crash");

  await panel.locator("tbody tr").first().getByRole("button", { name: "stderr" }).click();
  await expect(panel.getByLabel("stderr")).toBeVisible();

  await panel.getByRole("button", { name: "Stop" }).click();
  await expect(panel.getByTestId("deployment-state")).toHaveText("stopped");
  await expect(panel.locator("tbody tr")).toHaveCount(0);
  const refused = await initializeWith(product.gateway, product.demoKey);
  expect(refused.status).toBe(503);
  expect(refused.body.error.data.reason).toBe("stopped");

  await panel.getByRole("button", { name: "Start" }).click();
  await expect(panel.getByTestId("deployment-state")).toHaveText("running");
  expect(await echoThroughGateway(product.gateway, product.demoKey, "started again")).toBe("Echo: started again");

  await panel.getByLabel("Warm (min)").fill("5");
  await panel.getByLabel("Max").fill("2");
  await panel.getByRole("button", { name: "Scale" }).click();
  await expect(panel.getByRole("alert")).toHaveText("min: expected the minimum not to exceed the maximum");

  await panel.getByLabel("Warm (min)").fill("1");
  await panel.getByLabel("Max").fill("16");
  await panel.getByRole("button", { name: "Scale" }).click();
  await expect(panel.getByTestId("ready")).toHaveText("1 ready", { timeout: 15_000 });
});
