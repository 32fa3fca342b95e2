import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { echoThroughGateway } from "./gateway-client.ts";
import { type Product, startProduct } from "./product.ts";

test.describe.configure({ timeout: 300_000 });

const running = new Set<Product>();
async function start(portBase: number, dataDir?: string): Promise<Product> {
  const product = await startProduct("embedded", portBase, dataDir);
  running.add(product);
  return product;
}
async function stop(product: Product, keepData = false) {
  running.delete(product);
  return product.stop({ keepData });
}
test.afterEach(async () => {
  for (const product of running) await stop(product);
});

test("first start seeds once, Ctrl-C stops everything within 5 s, a second start reuses the data", async () => {
  const first = await start(3340);
  const printed = /seeded the demo tenant.*\n.*(sy_[0-9a-f]{12}_[A-Za-z0-9_-]{43})/.exec(first.output());
  expect(printed?.[1]).toBe(first.demoKey);
  expect(fs.statSync(path.join(first.dataDir, "demo-api-key")).mode & 0o777).toBe(0o600);
  expect(await echoThroughGateway(first.gateway, first.demoKey, "one")).toBe("Echo: one");

  const busy = await start(3350, first.dataDir).then(
    (p) => stop(p, true).then(() => "started"),
    (error: Error) => error.message,
  );
  expect(busy).toContain(`the data dir ${first.dataDir} is in use by process`);

  const stopped = await stop(first, true);
  expect(stopped.leftovers).toEqual([]);
  expect(stopped.ms).toBeLessThan(5000);

  const second = await start(3340, first.dataDir);
  expect(second.output()).not.toContain("seeded");
  expect(second.demoKey).toBe(first.demoKey);
  expect(await echoThroughGateway(second.gateway, second.demoKey, "two")).toBe("Echo: two");
  const again = await stop(second);
  expect(again.leftovers).toEqual([]);
});
