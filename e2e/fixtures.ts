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

export { expect } from "@playwright/test";
