/**
 * `switchyard check <suite.json>` as a user runs it: the real CLI process, against the
 * customer-service agent of a running Switchyard (the management API's evals endpoint over HTTP,
 * the agent on the real gateway, node agent and case server) and over the case's recorded golden
 * transcripts offline — passing, failing (exit 1, <failure> in the JUnit) and invalid suites.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customerServiceEvals } from "../cases/customer-service/evals.ts";
import { type AgentsHarness, startAgentsHarness } from "../runner/agents/test/agents-harness.ts";
import { runAgentEvalsRoute } from "../server/api/agent-eval-routes.ts";
import { publishRuntime } from "../server/runtime-registry.ts";

const run = promisify(execFile);
const bin = path.resolve(import.meta.dirname, "../bin/switchyard.mjs");
const golden = path.resolve(import.meta.dirname, "../cases/customer-service/golden");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sy-check-evals-"));
const EVALS_PATH = /^\/api\/v1\/agents\/([^/]+)\/evals$/;

let h: AgentsHarness;
let web: http.Server;
let url: string;

/** The management API's evals route, served over HTTP the way the web app mounts it. */
function serveEvalsRoute(): http.Server {
  return http.createServer(async (req, res) => {
    const match = EVALS_PATH.exec(req.url ?? "");
    if (!match || req.method !== "POST") return void res.writeHead(404).end();
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const request = new Request(`http://127.0.0.1${req.url}`, { method: "POST", headers: req.headers as Record<string, string>, body: Buffer.concat(chunks) });
    const response = await runAgentEvalsRoute(request, { params: Promise.resolve({ id: decodeURIComponent(match[1]!) }) });
    res.writeHead(response.status, { "content-type": response.headers.get("content-type") ?? "application/json" });
    res.end(Buffer.from(await response.arrayBuffer()));
  });
}

beforeAll(async () => {
  h = await startAgentsHarness();
  publishRuntime(h.runtime);
  web = serveEvalsRoute();
  await new Promise<void>((resolve) => web.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(web.address() as { port: number }).port}`;
}, 120_000);

afterAll(async () => {
  await new Promise<void>((resolve) => (web ? web.close(() => resolve()) : resolve()));
  await h?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function suiteFile(name: string, caseIds: string[], patch: (suite: any) => void = () => {}): string {
  const suite = structuredClone(customerServiceEvals) as any;
  suite.cases = suite.cases.filter((c: { id: string }) => caseIds.includes(c.id));
  patch(suite);
  const file = path.join(dir, `${name}.json`);
  fs.writeFileSync(file, JSON.stringify(suite));
  return file;
}

async function check(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, "check", ...args], { timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe("switchyard check --agent (against a running Switchyard)", () => {
  it("runs each case N times through the agent and passes, with JUnit", async () => {
    const file = suiteFile("live-passing", ["order-status", "damaged-refund"]);
    const junit = path.join(dir, "live-passing.xml");
    const result = await check([file, "--agent", "customer-service", "--runs", "2", "--url", url, "--key", h.apiKey, "--junit", junit]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("evals for customer-service: 2 run(s) per case, 100% of runs passed — ok");
    expect(result.stdout).toContain("✓ damaged-refund: 2/2 (100%, needs 100%)");
    expect(result.stdout).toContain("✓ asks before running issue_refund: 2/2");
    const xml = fs.readFileSync(junit, "utf8");
    expect(xml).toContain('tests="2" failures="0"');
    expect(xml).not.toContain("<failure");
  });

  it("exits 1 when a pass rate is under --min-pass-rate, and writes the failure to JUnit", async () => {
    const file = suiteFile("live-failing", ["return-policy"], (suite) => {
      suite.cases[0].checks.push({ type: "response_contains", text: "within 14 days" });
    });
    const junit = path.join(dir, "out", "live-failing.xml");
    const result = await check([file, "--agent", "customer-service", "--url", url, "--key", h.apiKey, "--min-pass-rate", "0.5", "--junit", junit]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("✗ return-policy: 0/1 (0%, needs 50%)");
    expect(result.stdout).toMatch(/✗ answer contains "within 14 days": 0\/1 — the answer does not contain "within 14 days"/);
    const xml = fs.readFileSync(junit, "utf8");
    expect(xml).toContain('tests="1" failures="1"');
    expect(xml).toMatch(/<testcase name="return-policy"[^>]*>\s*<failure message="every check passes in 50% of runs: 0\/1 runs passed \(0%\)"/);
  });

  it("says which agent is unknown and which key is wrong", async () => {
    const file = suiteFile("live-unknown", ["order-status"]);
    const unknown = await check([file, "--agent", "nobody", "--url", url, "--key", h.apiKey]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('evals refused (HTTP 404): your tenant has no agent "nobody"');
    const wrongKey = await check([file, "--agent", "customer-service", "--url", url, "--key", "sy_nothere_0123456789abcdef0123456789abcdef"]);
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.stderr).toContain("evals refused (HTTP 401)");
  });

  it("the endpoint refuses an invalid suite or number of runs with the field's path", async () => {
    const post = (body: unknown) =>
      fetch(`${url}/api/v1/agents/customer-service/evals`, { method: "POST", headers: { authorization: `Bearer ${h.apiKey}`, "content-type": "application/json" }, body: JSON.stringify(body) });
    const suite = structuredClone(customerServiceEvals) as any;
    suite.cases[0].checks[0] = { type: "max_turns", max: 0 };
    const invalid = await post({ suite, runs: 1 });
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { error: string }).error).toMatch(/^suite\.cases\[0\]\.checks\[0\]\.max: /);
    const tooMany = await post({ suite: customerServiceEvals, runs: 21 });
    expect(tooMany.status).toBe(400);
    expect(((await tooMany.json()) as { error: string }).error).toBe("runs: expected at most 20 runs per case");
  });
});

describe("switchyard check --transcript (offline)", () => {
  it("checks recorded transcripts, each file for the case it is named after", async () => {
    const file = suiteFile("offline", ["order-status", "damaged-refund", "return-policy"]);
    const junit = path.join(dir, "offline.xml");
    const result = await check([file, "--transcript", path.join(golden, "order-status.json"), "--transcript", path.join(golden, "damaged-refund.json"), "--junit", junit]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("no transcript for return-policy: not checked");
    expect(result.stdout).toContain("✓ order-status: 1/1 (100%, needs 100%)");
    expect(fs.readFileSync(junit, "utf8")).toContain('tests="2" failures="0"');
  });

  it("fails a transcript that does not pass, with the reason in JUnit", async () => {
    const file = suiteFile("offline-failing", ["order-status"], (suite) => {
      suite.cases[0].checks.push({ type: "tool_called", tool: "issue_refund" });
    });
    const junit = path.join(dir, "offline-failing.xml");
    const result = await check([file, "--transcript", path.join(golden, "order-status.json"), "--junit", junit]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("✗ calls issue_refund: 0/1 — issue_refund was not called");
    expect(fs.readFileSync(junit, "utf8")).toMatch(/<failure message="every check passes in 100% of runs[^"]*"[^>]*>[^<]*calls issue_refund: 0\/1 runs passed/);
  });

  it("names the bad fields of an invalid suite and of a file that is not a transcript", async () => {
    const invalid = suiteFile("invalid", ["order-status", "return-policy"], (suite) => {
      suite.cases[0].checks[1].type = "tool_calld";
      suite.cases[1].minPassRate = 2;
    });
    const result = await check([invalid, "--transcript", path.join(golden, "order-status.json")]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("is not a valid eval suite:");
    expect(result.stderr).toContain("$.cases[0].checks[1].type: Invalid discriminator value");
    expect(result.stderr).toContain("$.cases[1].minPassRate: Too big");

    const notTranscript = path.join(dir, "order-status.json");
    fs.writeFileSync(notTranscript, JSON.stringify({ agent: { id: "x", version: "1" }, turns: [{ index: 1 }] }));
    const bad = await check([suiteFile("ok", ["order-status"]), "--transcript", notTranscript]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("is not a valid transcript:");
    expect(bad.stderr).toContain("$.turns[0].input:");

    const missing = await check([path.join(dir, "no-such-suite.json"), "--transcript", notTranscript]);
    expect(missing.stderr).toContain("cannot read");
    expect(missing.stderr).toContain("ENOENT");
  });
});
