import { test as base } from "@playwright/test";
import { type Backends, type Product, startProduct } from "./product.ts";

/**
 * A product started like `npm start` on `portBase`'s ports, once per project (a worker fixture),
 * and stopped with Ctrl-C. Specs that import the same `test` share one worker, and so one product,
 * as long as they sort next to each other; each test still starts from a new page. Specs that
 * change what others would see (they deploy, publish, save traces) share one per group, on ports
 * of its own: a product start is ~11 s, and one per spec file was a third of the e2e run.
 */
function testWithProduct(portBase: Record<Backends, number>) {
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

/** The product the console specs share. */
export const test = testWithProduct({ embedded: 3310, configured: 3320 }).extend<{ consoleLogin: void }>({
  consoleLogin: async ({ page, product }, use) => {
    await page.goto(`${product.web}/login?token=${product.sessionToken}`);
    await use();
  },
});

/** The bench-*.spec.ts files: connections, tabs and the deployments they make. */
export const benchTest = testWithProduct({ embedded: 3400, configured: 3410 });
/** The cases*.spec.ts files: the gallery deploys its case servers. */
export const casesTest = testWithProduct({ embedded: 3520, configured: 3530 });
/** console-a2a and console-compositions: A2A rules and composites made in the console. */
export const consoleEditsTest = testWithProduct({ embedded: 3480, configured: 3490 });

export { expect } from "@playwright/test";
