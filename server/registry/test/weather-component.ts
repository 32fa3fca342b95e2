/**
 * A small test component, "@sy-test/weather-mcp", released in versions whose contracts differ:
 * packed with `npm pack` and served by a loopback npm registry, so publishing installs it with
 * real npm and starts it as a real stdio process.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestRegistry } from "../../../runner/test-support/npm-registry.ts";
import { SERVER_SCHEMA_URL } from "../manifest-schema.ts";

export const WEATHER_PACKAGE = "@sy-test/weather-mcp";
export const WEATHER_NAME = "io.github.acme/weather";
const SERVER_FILE = path.join(import.meta.dirname, "fixtures/contract-server/server.mjs");

const forecast = (daysRequired: boolean) => ({
  name: "get_forecast",
  description: "Forecast for a city",
  inputSchema: {
    type: "object",
    properties: { city: { type: "string" }, days: { type: "integer", minimum: 1, maximum: 14 } },
    required: daysRequired ? ["city", "days"] : ["city"],
  },
  annotations: { readOnlyHint: true },
});
const alerts = { name: "get_alerts", description: "Weather alerts", inputSchema: { type: "object", properties: { region: { type: "string" } } } };
const summary = { name: "summary", arguments: [{ name: "city", required: true }] };

/** The first contract: two tools, one prompt. */
export const WEATHER_V1 = { tools: [forecast(false), alerts], prompts: [summary] };
/** Breaking against V1: get_alerts removed, `days` now required. */
export const WEATHER_BREAKING = { tools: [forecast(true)], prompts: [summary] };
/** Compatible against WEATHER_BREAKING: get_alerts added back. */
export const WEATHER_COMPATIBLE = { tools: [forecast(true), alerts], prompts: [summary] };

/** Packs one version with the given contract (or `{ crash: "stderr text" }`) and serves it from `registry`. */
export function releaseWeather(registry: TestRegistry, version: string, contract: Record<string, unknown>, readme = `# Weather ${version}\n\nForecasts.`): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sy-weather-"));
  try {
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: WEATHER_PACKAGE, version, type: "module", bin: { "weather-mcp": "server.mjs" } }));
    fs.copyFileSync(SERVER_FILE, path.join(dir, "server.mjs"));
    fs.writeFileSync(path.join(dir, "contract.json"), JSON.stringify({ version, ...contract }));
    fs.writeFileSync(path.join(dir, "README.md"), readme);
    registry.publish(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The server.json of one version of the test component. */
export function weatherManifest(version: string, extra: Record<string, unknown> = {}) {
  return {
    $schema: SERVER_SCHEMA_URL,
    name: WEATHER_NAME,
    description: "Weather forecasts and alerts",
    version,
    packages: [{ registryType: "npm", identifier: WEATHER_PACKAGE, version, transport: { type: "stdio" } }],
    ...extra,
  };
}
