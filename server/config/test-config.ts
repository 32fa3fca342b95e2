import type { Config } from "./config.ts";

/** Local mode on the default ports with nothing configured: what tests build runtimes from. */
export function localTestConfig(): Config {
  return {
    mode: "local",
    host: "127.0.0.1",
    ports: { web: 3000, gateway: 8080, agent: 8090 },
    dataDir: "/nonexistent",
    databaseUrl: undefined,
    redisUrl: undefined,
    redisPrefix: "sy:",
    logLevel: "silent",
    secretKey: undefined,
    agentToken: undefined,
  };
}
