import path from "node:path";
import { describe, expect, it } from "vitest";
import type { ServerJson } from "../protocol/server-json.ts";
import { LaunchError, processSpecFromManifest } from "./process-spec.ts";

const root = path.resolve(import.meta.dirname, "../..");
const manifest = (pkg: Partial<NonNullable<ServerJson["packages"]>[number]> = {}): ServerJson => ({
  name: "io.github.modelcontextprotocol/server-everything",
  description: "test",
  version: "1.0.0",
  packages: [
    {
      registryType: "npm",
      identifier: "@modelcontextprotocol/server-everything",
      transport: { type: "stdio" },
      packageArguments: [{ type: "positional", value: "stdio" }],
      ...pkg,
    },
  ],
});

describe("processSpecFromManifest", () => {
  it("runs the package's bin with node directly, not npx", () => {
    const spec = processSpecFromManifest(manifest(), { config: {}, secrets: {} }, root);
    expect(spec.command).toBe(process.execPath);
    expect(spec.args).toEqual([path.join(root, "node_modules/@modelcontextprotocol/server-everything/dist/index.js"), "stdio"]);
  });

  it("passes only declared variables: secrets first, then config, then defaults", () => {
    const spec = processSpecFromManifest(
      manifest({
        environmentVariables: [
          { name: "API_TOKEN", isSecret: true, isRequired: true },
          { name: "REGION", default: "eu" },
          { name: "MODE", default: "fast" },
          { name: "OPTIONAL" },
        ],
      }),
      { config: { MODE: "slow", UNDECLARED: "x" }, secrets: { API_TOKEN: "t0k" } },
      root,
    );
    expect(spec.env).toEqual({ API_TOKEN: "t0k", REGION: "eu", MODE: "slow" });
  });

  it("puts runtime arguments before the bin and named package arguments after it", () => {
    const spec = processSpecFromManifest(
      manifest({
        runtimeArguments: [{ type: "named", name: "--max-old-space-size=256" }],
        packageArguments: [{ type: "positional", value: "stdio" }, { type: "named", name: "--level", value: "debug" }],
      }),
      { config: {}, secrets: {} },
      root,
    );
    expect(spec.args[0]).toBe("--max-old-space-size=256");
    expect(spec.args.slice(2)).toEqual(["stdio", "--level", "debug"]);
  });

  it("says what is missing", () => {
    const needsToken = manifest({ environmentVariables: [{ name: "API_TOKEN", isRequired: true }] });
    expect(() => processSpecFromManifest(needsToken, { config: {}, secrets: {} }, root)).toThrow(
      new LaunchError("io.github.modelcontextprotocol/server-everything needs the environment variable API_TOKEN"),
    );
    expect(() => processSpecFromManifest(manifest({ identifier: "@switchyard/not-installed" }), { config: {}, secrets: {} }, root)).toThrow(
      `npm package @switchyard/not-installed is not installed under ${root}`,
    );
    expect(() => processSpecFromManifest(manifest({ transport: { type: "streamable-http" } }), { config: {}, secrets: {} }, root)).toThrow(
      "has no npm package with the stdio transport",
    );
  });
});
