import { describe, expect, it } from "vitest";
import { SERVER_SCHEMA_URL, checkManifest, jsonPath, transportsOf } from "./manifest-schema.ts";

const valid = {
  $schema: SERVER_SCHEMA_URL,
  name: "io.github.acme/weather",
  description: "Weather forecasts",
  version: "1.0.2",
  title: "Weather",
  websiteUrl: "https://acme.example/weather",
  repository: { url: "https://github.com/acme/weather", source: "github", subfolder: "servers/weather" },
  icons: [{ src: "https://acme.example/icon.png", mimeType: "image/png", sizes: ["48x48", "any"] }],
  packages: [
    {
      registryType: "npm",
      identifier: "@acme/weather-mcp",
      version: "1.0.2",
      runtimeHint: "npx",
      transport: { type: "stdio" },
      runtimeArguments: [{ type: "named", name: "--max-old-space-size", value: "256" }],
      packageArguments: [{ type: "positional", valueHint: "config_path" }],
      environmentVariables: [{ name: "WEATHER_API_KEY", isRequired: true, isSecret: true, description: "API key" }, { name: "UNITS", choices: ["metric", "imperial"], default: "metric" }],
    },
  ],
  remotes: [{ type: "streamable-http", url: "https://mcp.acme.example/weather", headers: [{ name: "X-Api-Key", isSecret: true }] }],
  _meta: { "io.modelcontextprotocol.registry/publisher-provided": { tool: "ci" } },
};

const errorsOf = (document: unknown) => {
  const check = checkManifest(document);
  return check.ok ? [] : check.errors.map((error) => `${error.path}: ${error.message}`);
};

describe("checkManifest", () => {
  it("accepts a full server.json of schema 2025-12-11", () => {
    expect(errorsOf(valid)).toEqual([]);
    expect(transportsOf((checkManifest(valid) as { ok: true; manifest: never }).manifest)).toEqual(["stdio", "streamable-http"]);
  });

  it.each([
    [{ ...valid, name: "weather" }, "$.name: expected reverse-DNS namespace/name"],
    [{ ...valid, name: "a/b/c" }, "$.name: expected reverse-DNS namespace/name"],
    [{ ...valid, description: "x".repeat(101) }, "$.description: expected at most 100 characters"],
    [{ ...valid, description: "" }, "$.description: expected at least 1 character"],
    [{ ...valid, version: "latest" }, '$.version: expected a specific version, not "latest"'],
    [{ ...valid, version: "^1.2.0" }, "$.version: expected a specific version such as 1.0.2, not a range"],
    [{ ...valid, version: "1.x" }, "$.version: expected a specific version such as 1.0.2, not a range"],
    [{ ...valid, websiteUrl: "javascript:alert(1)" }, "$.websiteUrl: expected an http:// or https:// URL"],
    [{ ...valid, icons: [{ src: "http://acme.example/icon.png" }] }, "$.icons[0].src: expected an https:// URL"],
    [{ ...valid, icons: [{ src: "https://acme.example/i.png", sizes: ["big"] }] }, '$.icons[0].sizes[0]: expected WxH such as 48x48, or "any"'],
    [{ ...valid, packages: [{ ...valid.packages[0], transport: { type: "carrier-pigeon" } }] }, "$.packages[0].transport.type"],
    [{ ...valid, packages: [{ ...valid.packages[0], version: "latest" }] }, '$.packages[0].version: expected a specific version, not "latest"'],
    [{ ...valid, packages: [{ ...valid.packages[0], fileSha256: "abc" }] }, "$.packages[0].fileSha256: expected 64 lowercase hex digits"],
    [{ ...valid, packages: [{ ...valid.packages[0], packageArguments: [{ type: "positional" }] }] }, "$.packages[0].packageArguments[0]: a positional argument needs a value or a valueHint"],
    [{ ...valid, packages: [{ ...valid.packages[0], environmentVariables: [{ name: "1BAD" }] }] }, "$.packages[0].environmentVariables[0].name: expected an environment variable name"],
    [{ ...valid, remotes: [{ type: "stdio", url: "https://x.example" }] }, "$.remotes[0].type"],
    [{ ...valid, remotes: [{ type: "sse", url: "ftp://x.example" }] }, "$.remotes[0].url: expected an http(s):// URL"],
    [{ ...valid, packages: [], remotes: [] }, "$.packages: expected at least one entry in packages or remotes"],
    [{ ...valid, title: "t".repeat(101) }, "$.title: expected at most 100 characters"],
    [{ ...valid, description: "bad\u0000byte" }, "$: the manifest contains a NUL character"],
    [{ ...valid, _meta: { blob: "x".repeat(70_000) } }, "$: the manifest is"],
    ["not an object", "$: "],
  ])("names the JSON path of each problem (%#)", (document, expected) => {
    const errors = errorsOf(document);
    expect(errors.some((error) => error.startsWith(expected)), `${expected} in ${JSON.stringify(errors)}`).toBe(true);
  });

  it("reports every problem at once, not only the first", () => {
    expect(errorsOf({ name: "x", version: "latest" }).map((error) => error.split(":")[0])).toEqual(expect.arrayContaining(["$.name", "$.description", "$.version"]));
  });
});

describe("jsonPath", () => {
  it("writes indexes in brackets and odd keys quoted", () => {
    expect(jsonPath(["packages", 0, "environmentVariables", 2, "name"])).toBe("$.packages[0].environmentVariables[2].name");
    expect(jsonPath(["_meta", "io.switchyard/runtime"])).toBe('$._meta["io.switchyard/runtime"]');
    expect(jsonPath([])).toBe("$");
  });
});
