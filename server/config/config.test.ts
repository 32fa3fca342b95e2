import { describe, expect, it } from "vitest";
import { loadConfig } from "./config.ts";

describe("loadConfig", () => {
  it("uses the embedded defaults when nothing is set", () => {
    const config = loadConfig({}, "/srv/app");
    expect(config).toEqual({
      mode: "local",
      host: "127.0.0.1",
      ports: { web: 3000, gateway: 8080, agent: 8090 },
      dataDir: "/srv/app/.switchyard",
      databaseUrl: undefined,
      redisUrl: undefined,
      redisPrefix: "sy:",
      logLevel: "info",
      secretKey: undefined,
      agentToken: undefined,
    });
  });

  it("reads ports, data dir and service URLs", () => {
    const config = loadConfig(
      {
        WEB_PORT: "4000",
        GATEWAY_PORT: "9080",
        AGENT_PORT: "9090",
        SWITCHYARD_DATA_DIR: "/tmp/sy",
        DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/test",
        REDIS_URL: "redis://127.0.0.1:6379",
        LOG_LEVEL: "debug",
      },
      "/srv/app",
    );
    expect(config.ports).toEqual({ web: 4000, gateway: 9080, agent: 9090 });
    expect(config.dataDir).toBe("/tmp/sy");
    expect(config.databaseUrl).toBe("postgresql://postgres@127.0.0.1:5432/test");
    expect(config.redisUrl).toBe("redis://127.0.0.1:6379");
    expect(config.logLevel).toBe("debug");
  });

  it("treats an empty DATABASE_URL as unset", () => {
    expect(loadConfig({ DATABASE_URL: "" }).databaseUrl).toBeUndefined();
  });

  const bad: Array<[Record<string, string>, RegExp]> = [
    [{ GATEWAY_PORT: "abc" }, /^config error: GATEWAY_PORT="abc" is invalid: expected a port number, e\.g\. 8080$/],
    [{ WEB_PORT: "70000" }, /^config error: WEB_PORT="70000" is invalid: .*1-65535, e\.g\. 3000$/],
    [{ AGENT_PORT: "80.5" }, /^config error: AGENT_PORT="80.5" is invalid: expected a whole port number/],
    [{ DATABASE_URL: "mysql://x@y/z" }, /^config error: DATABASE_URL="mysql:\/\/x@y\/z" is invalid: expected a postgres:\/\/ or postgresql:\/\/ URL, e\.g\. postgresql:\/\/postgres@127\.0\.0\.1:5432\/test$/],
    [{ REDIS_URL: "127.0.0.1:6379" }, /^config error: REDIS_URL="127\.0\.0\.1:6379" is invalid: expected a redis:\/\/ or rediss:\/\/ URL/],
    [{ SWITCHYARD_MODE: "cloud" }, /^config error: SWITCHYARD_MODE="cloud" is invalid: expected local or saas/],
    [{ LOG_LEVEL: "loud" }, /^config error: LOG_LEVEL="loud" is invalid: expected one of fatal/],
    [{ SWITCHYARD_SECRET_KEY: "short" }, /^config error: SWITCHYARD_SECRET_KEY=\(hidden, 5 characters\) is invalid: expected 32 bytes/],
    [{ SWITCHYARD_HOST: "0.0.0.0" }, /local mode only listens on loopback/],
    [{ SWITCHYARD_REDIS_PREFIX: "has space" }, /^config error: SWITCHYARD_REDIS_PREFIX="has space" is invalid: expected 1-64 letters/],
    [{ SWITCHYARD_AGENT_TOKEN: "short" }, /^config error: SWITCHYARD_AGENT_TOKEN=\(hidden, 5 characters\) is invalid: expected at least 32 characters/],
    [{ DATABASE_URL: "mysql://u:topsecret@h/db" }, /^config error: DATABASE_URL="mysql:\/\/u:\*\*\*@h\/db" is invalid/],
    [{ WEB_PORT: "8080" }, /must differ, but two are 8080/],
  ];
  it.each(bad)("refuses %j with one clear line", (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
    try {
      loadConfig(env);
    } catch (error) {
      expect((error as Error).message).not.toContain("\n");
      expect((error as Error).name).toBe("StartupError");
    }
  });

  it("accepts 0.0.0.0 in saas mode", () => {
    expect(loadConfig({ SWITCHYARD_MODE: "saas", SWITCHYARD_HOST: "0.0.0.0" }).host).toBe("0.0.0.0");
  });
});
