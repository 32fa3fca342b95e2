import { defineConfig } from "@playwright/test";

/**
 * End-to-end tests start the product the way `npm start` does (e2e/product.ts) and drive it in
 * Debian's Chromium: Playwright's own browser builds cannot be downloaded here.
 */
export default defineConfig({
  testDir: "e2e",
  workers: 1,
  timeout: 60_000,
  reporter: [["list"]],
  use: {
    headless: true,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
    trace: "retain-on-failure",
  },
  projects: [
    { name: "embedded" },
    // The same console and gateway tests on the real PostgreSQL and Redis, when CI provides them.
    ...(process.env.DATABASE_URL || process.env.REDIS_URL ? [{ name: "configured", testIgnore: /start-stop/ }] : []),
  ],
});
