import { execFile } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { splitCommand } from "./check.ts";

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const everything = require.resolve("@modelcontextprotocol/server-everything/dist/index.js");
const bin = path.resolve(import.meta.dirname, "../bin/switchyard.mjs");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sy-check-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function collection(name: string, cases: unknown[]): string {
  const file = path.join(dir, `${name}.json`);
  fs.writeFileSync(file, JSON.stringify({ version: 1, name, cases }));
  return file;
}

const echo = { name: "echo", request: { method: "tools/call", params: { name: "echo", arguments: { message: "hi" } } } };
const weather = { name: "weather", request: { method: "tools/call", params: { name: "get-structured-content", arguments: { location: "Chicago" } } } };

async function check(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, "check", ...args], { timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe("switchyard check", () => {
  it("passes a collection against a local stdio server and writes JUnit", async () => {
    const file = collection("passing", [
      { ...echo, assert: [{ status: "result" }, { path: "$.content[0].text", matches: "hi" }, { latencyMs: 10_000 }] },
      { ...weather, assert: [{ schemaValid: "outputSchema" }, { path: "$.structuredContent.humidity", equals: 82 }] },
      { name: "unknown method", request: { method: "no/such" }, assert: [{ status: "error", code: -32601 }] },
    ]);
    const junit = path.join(dir, "passing.xml");
    const result = await check([file, "--server", `node ${everything} stdio`, "--junit", junit]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("3 passed, 0 failed");
    expect(result.stdout).toMatch(/✓ weather[^\n]*\n\s+ok\s+structuredContent valid against outputSchema/);
    const xml = fs.readFileSync(junit, "utf8");
    expect(xml).toContain('tests="3" failures="0"');
    expect(xml).not.toContain("<failure");
  });

  it("reports a failing assertion, exits non-zero and writes the failure to JUnit", async () => {
    const file = collection("failing", [
      { ...echo, assert: [{ path: "$.content[0].text", equals: "Echo: bye" }] },
      { ...weather, assert: [{ status: "result" }] },
    ]);
    const junit = path.join(dir, "out", "failing.xml");
    const result = await check([file, "--server", `node ${everything} stdio`, "--junit", junit]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/✗ echo[^\n]*\n\s+FAIL \$\.content\[0\]\.text equals "Echo: bye" — \$\.content\[0\]\.text is "Echo: hi"/);
    expect(result.stdout).toContain("1 passed, 1 failed");
    const xml = fs.readFileSync(junit, "utf8");
    expect(xml).toContain('tests="2" failures="1"');
    expect(xml).toMatch(/<testcase name="echo"[^>]*>\s*<failure message="\$\.content\[0\]\.text equals &quot;Echo: bye&quot;/);
  });

  it("names the bad field of an invalid collection", async () => {
    const file = collection("invalid", [{ name: "x", request: { method: "ping" }, assert: [{ path: "content", equals: 1 }] }]);
    const result = await check([file, "--server", `node ${everything} stdio`]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("cases[0].assert[0].path: a JSON path starts with");
  });

  it("splits a command line with quotes", () => {
    expect(splitCommand(`node "/a b/index.js" stdio 'x y'`)).toEqual(["node", "/a b/index.js", "stdio", "x y"]);
  });
});
