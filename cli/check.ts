import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { parseCollection } from "../server/bench/collections/collection-schema.ts";
import { toJUnit } from "../server/bench/collections/junit.ts";
import { type CaseResult, runCollection } from "../server/bench/collections/run-collection.ts";
import { StartupError } from "../server/errors.ts";
import { EVALS_USAGE, checkEvals, isEvalCheck } from "./check-evals.ts";
import { readJsonFile } from "./read-json-file.ts";

const USAGE = `usage: switchyard check <collection.json> --server <url|command> [--header K:V]... [--junit out.xml] [--timeout MS]

Runs a collection (saved requests with assertions, see README "Collections") against an MCP server
and prints a report; exits 1 when any assertion fails.

  --server S     an http(s) URL (streamable HTTP), or a command that starts a stdio server,
                 e.g. --server "node dist/index.js stdio"
  --header K:V   an HTTP header for a URL server (repeatable), e.g. --header "Authorization: Bearer sk_..."
  --junit FILE   also write the results as JUnit XML
  --timeout MS   per-request timeout, reset by progress (default 30000)

With --agent or --transcript, check runs an agent eval suite instead:

${EVALS_USAGE}`;

/** `switchyard check`: a collection run headless, for a terminal or a CI job. */
export async function check(argv: string[]): Promise<void> {
  if (isEvalCheck(argv)) return checkEvals(argv);
  let parsedArgs;
  try {
    parsedArgs = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { server: { type: "string" }, header: { type: "string", multiple: true }, junit: { type: "string" }, timeout: { type: "string" }, help: { type: "boolean" } },
    });
  } catch (error) {
    throw new StartupError(`${(error as Error).message}\n${USAGE}`);
  }
  const { values, positionals } = parsedArgs;
  if (values.help) return void process.stdout.write(USAGE);
  if (positionals.length !== 1) throw new StartupError(`check needs exactly one collection file\n${USAGE}`);
  if (!values.server) throw new StartupError(`check needs --server <url|command>\n${USAGE}`);
  const timeoutMs = values.timeout === undefined ? 30_000 : Number(values.timeout);
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new StartupError(`--timeout ${JSON.stringify(values.timeout)} is invalid: expected milliseconds, e.g. --timeout 10000`);
  const file = path.resolve(positionals[0]!);
  const parsed = parseCollection(readJsonFile(file));
  if (!parsed.ok) throw new StartupError(`${file} is not a valid collection:\n  ${parsed.problems.join("\n  ")}`);

  const transport = transportFor(values.server, parseHeaders(values.header ?? []));
  const client = new Client({ name: "switchyard-check", version: "1.0.0" });
  try {
    await client.connect(transport, { timeout: timeoutMs });
  } catch (error) {
    await client.close().catch(() => {});
    throw new StartupError(`could not connect to ${values.server}: ${(error as Error).message}`);
  }
  const server = client.getServerVersion();
  process.stdout.write(`${parsed.collection.name}: ${parsed.collection.cases.length} cases against ${server ? `${server.name} ${server.version}` : values.server}\n\n`);
  try {
    const result = await runCollection(client, parsed.collection, { timeoutMs, onCase: (c) => process.stdout.write(describeCase(c)) });
    process.stdout.write(`\n${result.passed} passed, ${result.failed} failed (${Math.round(result.durationMs)} ms)\n`);
    if (values.junit) {
      const junitFile = path.resolve(values.junit);
      fs.mkdirSync(path.dirname(junitFile), { recursive: true });
      fs.writeFileSync(junitFile, toJUnit(result));
      process.stdout.write(`JUnit XML written to ${junitFile}\n`);
    }
    if (result.failed) process.exitCode = 1;
  } finally {
    await client.close().catch(() => {});
  }
}

export function describeCase(result: CaseResult): string {
  const lines = [`${result.passed ? "✓" : "✗"} ${result.name}  (${result.method}, ${Math.round(result.outcome.latencyMs)} ms)`];
  for (const assertion of result.assertions) lines.push(`    ${assertion.passed ? "ok  " : "FAIL"} ${assertion.label}${assertion.message ? ` — ${assertion.message}` : ""}`);
  return `${lines.join("\n")}\n`;
}

function transportFor(server: string, headers: Record<string, string>): Transport {
  if (/^https?:\/\//i.test(server)) {
    let url: URL;
    try {
      url = new URL(server);
    } catch {
      throw new StartupError(`--server ${JSON.stringify(server)} is not a valid URL`);
    }
    return new StreamableHTTPClientTransport(url, { requestInit: { headers } });
  }
  if (Object.keys(headers).length) throw new StartupError("--header applies to a URL server only; a stdio command takes no headers");
  const [command, ...args] = splitCommand(server);
  if (!command) throw new StartupError("--server is empty: give a URL or a command");
  return new StdioClientTransport({ command, args, stderr: "ignore" });
}

/** Splits a command line on spaces, honouring "double" and 'single' quotes (no shell is involved). */
export function splitCommand(line: string): string[] {
  const words: string[] = [];
  const pattern = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  for (const match of line.matchAll(pattern)) words.push(match[1] !== undefined ? match[1].replace(/\\(.)/g, "$1") : (match[2] ?? match[3]!));
  return words;
}

function parseHeaders(pairs: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf(":");
    const name = at > 0 ? pair.slice(0, at).trim() : "";
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) throw new StartupError(`--header ${JSON.stringify(pair)} is invalid: expected Name:Value, e.g. --header "Authorization: Bearer sk_..."`);
    headers[name] = pair.slice(at + 1).trim();
  }
  return headers;
}
