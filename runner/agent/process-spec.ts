import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { ServerJson } from "../protocol/server-json.ts";

/** Everything needed to start one stdio server process. */
export interface ProcessSpec {
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
}

export interface DeploymentValues {
  config: Record<string, string>;
  secrets: Record<string, string>;
}

export class LaunchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LaunchError";
  }
}

/**
 * Turns a component's npm package entry into `node <bin> <args>`: spawning node directly avoids
 * npx's ~390 ms per start. Only the variables the manifest declares reach the child, never the
 * host's environment.
 */
export function processSpecFromManifest(
  manifest: ServerJson,
  values: DeploymentValues,
  resolveFrom: string,
): ProcessSpec {
  const pkg = manifest.packages?.find((p) => p.registryType === "npm" && p.transport.type === "stdio");
  if (!pkg) throw new LaunchError(`${manifest.name} has no npm package with the stdio transport`);
  const binPath = resolveBin(pkg.identifier, resolveFrom);
  const env: Record<string, string> = {};
  for (const variable of pkg.environmentVariables ?? []) {
    const value = values.secrets[variable.name] ?? values.config[variable.name] ?? variable.default;
    if (value !== undefined) env[variable.name] = value;
    else if (variable.isRequired) throw new LaunchError(`${manifest.name} needs the environment variable ${variable.name}`);
  }
  const args = [
    ...(pkg.runtimeArguments ?? []).flatMap(argumentValues),
    binPath,
    ...(pkg.packageArguments ?? []).flatMap(argumentValues),
  ];
  return { command: process.execPath, args, env, cwd: path.dirname(binPath) };
}

function argumentValues(arg: { type: "positional" | "named"; name?: string; value?: string; default?: string }): string[] {
  const value = arg.value ?? arg.default;
  if (arg.type === "named") return value === undefined ? [arg.name ?? ""] : [arg.name ?? "", value];
  return value === undefined ? [] : [value];
}

function resolveBin(identifier: string, resolveFrom: string): string {
  const require = createRequire(path.join(resolveFrom, "package.json"));
  let packageJsonPath: string;
  try {
    packageJsonPath = require.resolve(`${identifier}/package.json`);
  } catch {
    throw new LaunchError(`npm package ${identifier} is not installed under ${resolveFrom}`);
  }
  const packageJson = JSON.parse(fs.readFileSync(packageJsonPath, "utf8")) as { bin?: string | Record<string, string> };
  const bin = typeof packageJson.bin === "string" ? packageJson.bin : Object.values(packageJson.bin ?? {})[0];
  if (!bin) throw new LaunchError(`npm package ${identifier} declares no bin to run`);
  const binPath = path.resolve(path.dirname(packageJsonPath), bin);
  if (!fs.existsSync(binPath)) throw new LaunchError(`npm package ${identifier} declares the bin ${bin}, which does not exist`);
  return binPath;
}
