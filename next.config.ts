import type { NextConfig } from "next";

const config: NextConfig = {
  // Native and WASM packages load from node_modules at run time instead of being bundled.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "pglite-prisma-adapter",
    "@prisma/client",
    "@prisma/adapter-pg",
    "pg",
    "ioredis",
    "pino",
    "prom-client",
    // The compositions preview leases processes over the agents' WebSocket link (ws as a client).
    "ws",
  ],
  // `npm test` type-checks the whole repository once (npm run typecheck); repeating it inside
  // every start's build would add ~15 s for nothing.
  typescript: { ignoreBuildErrors: true },
  poweredByHeader: false,
  reactStrictMode: true,
};

export default config;
