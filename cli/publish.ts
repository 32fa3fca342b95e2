import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { StartupError } from "../server/errors.ts";
import { readJsonFile } from "./read-json-file.ts";
import { type PublishResult, SwitchyardClient, SwitchyardError } from "./sdk/switchyard-client.ts";

const USAGE = `usage: switchyard publish ./server.json [--force] [--env NAME=VALUE]... [--url URL] [--key KEY]

Publishes a version of an MCP server to Switchyard's registry: the runner installs and starts it,
records its contract under every MCP revision and compares it with the previous version.

  --force        publish past breaking changes released as a minor or patch (the override is recorded)
  --env N=V      a value for a variable the server needs to start while it is probed (repeatable)
  --url URL      the Switchyard web app (default: $SWITCHYARD_URL, else http://127.0.0.1:$WEB_PORT or :3000)
  --key KEY      an API key with the "*" scope (default: $SWITCHYARD_API_KEY, else the local demo key)
`;

/** `switchyard publish`: the SDK's publish from a terminal, with the verdict printed for a person. */
export async function publish(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { force: { type: "boolean" }, env: { type: "string", multiple: true }, url: { type: "string" }, key: { type: "string" }, help: { type: "boolean" } },
  });
  if (values.help) return void process.stdout.write(USAGE);
  if (positionals.length !== 1) throw new StartupError(`publish needs exactly one server.json path\n${USAGE}`);
  const file = path.resolve(positionals[0]!);
  const serverJson = readJsonFile(file);
  const client = new SwitchyardClient({ baseUrl: values.url ?? defaultUrl(), apiKey: values.key ?? defaultKey() });
  let result: PublishResult;
  try {
    result = await client.registry.publish(serverJson, { force: values.force, probeEnvironment: parseEnv(values.env ?? []) });
  } catch (error) {
    if (error instanceof SwitchyardError) throw new StartupError(`publish refused (HTTP ${error.status}): ${error.message}`);
    throw new StartupError(`could not reach Switchyard at ${values.url ?? defaultUrl()}: ${(error as Error).message}`);
  }
  process.stdout.write(describe(result));
}

function parseEnv(pairs: string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const pair of pairs) {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(pair);
    if (!match) throw new StartupError(`--env ${JSON.stringify(pair)} is invalid: expected NAME=VALUE, e.g. --env API_TOKEN=abc`);
    env[match[1]!] = match[2]!;
  }
  return env;
}

export function defaultUrl(): string {
  return process.env.SWITCHYARD_URL ?? `http://127.0.0.1:${process.env.WEB_PORT ?? 3000}`;
}

export function defaultKey(): string | undefined {
  if (process.env.SWITCHYARD_API_KEY) return process.env.SWITCHYARD_API_KEY;
  try {
    return fs.readFileSync(path.resolve(process.env.SWITCHYARD_DATA_DIR ?? ".switchyard", "demo-api-key"), "utf8").trim();
  } catch {
    throw new StartupError("no API key: pass --key, set SWITCHYARD_API_KEY, or run from the directory where `npm start` keeps .switchyard/demo-api-key");
  }
}

function describe(result: PublishResult): string {
  const lines = [`published ${result.name} ${result.version}${result.forced ? " (FORCED past breaking changes; the override is recorded)" : ""}`];
  if (result.previousVersion) lines.push(`  compared with ${result.previousVersion}: suggested bump ${result.suggestedBump}`);
  if (result.snapshotHash) lines.push(`  contract sha256:${result.snapshotHash}`);
  else lines.push("  listed by its remotes only: not probed");
  for (const revision of result.compatibility) {
    const verdict = revision.initialized && revision.listed ? "ok" : `FAILED: ${revision.error}`;
    const negotiated = revision.negotiated && revision.negotiated !== revision.revision ? ` (negotiated ${revision.negotiated})` : "";
    const counts = revision.counts ? `  ${revision.counts.tools} tools, ${revision.counts.resources} resources, ${revision.counts.prompts} prompts` : "";
    lines.push(`  MCP ${revision.revision}: ${verdict}${negotiated}${counts}`);
  }
  for (const change of result.changes) lines.push(`  ${change.kind.padEnd(10)} ${change.message}`);
  return lines.join("\n") + "\n";
}
