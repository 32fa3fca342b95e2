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
 * For a spec that needs a product of its own (it changes what others would see, e.g. deploys or
 * publishes): started on its own ports, once per project, stopped at the end.
 */
export function testWithOwnProduct(portBase: Record<Backends, number>) {
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

export { expect } from "@playwright/test";
