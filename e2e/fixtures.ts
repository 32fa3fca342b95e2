import { test as base } from "@playwright/test";
import { type Backends, type Product, startProduct } from "./product.ts";

const PORT_BASE: Record<Backends, number> = { embedded: 3310, configured: 3320 };

/** One running product per project (worker), started like `npm start` and stopped with Ctrl-C. */
export const test = base.extend<{ consoleLogin: void }, { product: Product }>({
  product: [
    async ({}, use, workerInfo) => {
      const name = workerInfo.project.name as Backends;
      const product = await startProduct(name, PORT_BASE[name]);
      await use(product);
      await product.stop();
    },
    { scope: "worker", timeout: 300_000 },
  ],
  consoleLogin: async ({ page, product }, use) => {
    await page.goto(`${product.web}/login?token=${product.sessionToken}`);
    await use();
  },
});

/**
 * A product for a group of specs that change what others would see (they deploy, publish, save
 * traces): started on its own ports, once per project. The specs of a group import the same
 * `test`, so Playwright keeps one worker, and one product, for all of them (they sort next to
 * each other); each test still starts from a new page. A product start is ~11 s: one per spec
 * file was a third of the e2e run.
 */
function testWithOwnProduct(portBase: Record<Backends, number>) {
  return base.extend<object, { product: Product }>({
    product: [
      async ({}, use, workerInfo) => {
        const name = workerInfo.project.name as Backends;
        const product = await startProduct(name, portBase[name]);
        await use(product);
        await product.stop();
      },
      { scope: "worker", timeout: 300_000 },
    ],
  });
}

/** The bench-*.spec.ts files: connections, tabs and the deployments they make. */
export const benchTest = testWithOwnProduct({ embedded: 3400, configured: 3410 });
/** The cases*.spec.ts files: the gallery deploys its case servers. */
export const casesTest = testWithOwnProduct({ embedded: 3520, configured: 3530 });
/** console-a2a and console-compositions: A2A rules and composites made in the console. */
export const consoleEditsTest = testWithOwnProduct({ embedded: 3480, configured: 3490 });

export { expect } from "@playwright/test";
