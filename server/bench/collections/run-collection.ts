import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { McpError } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { type AssertionResult, type CaseOutcome, evaluateAssertion } from "./assertions.ts";
import type { Collection, CollectionCase } from "./collection-schema.ts";

export interface CaseResult {
  name: string;
  method: string;
  outcome: CaseOutcome;
  assertions: AssertionResult[];
  passed: boolean;
}

export interface CollectionResult {
  name: string;
  cases: CaseResult[];
  passed: number;
  failed: number;
  durationMs: number;
}

export interface RunOptions {
  /** Per-request timeout, reset by progress notifications. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Called after each case, for a live report. */
  onCase?: (result: CaseResult) => void;
}

// Results are asserted as they came: the SDK's own result schemas would hide what the server sent.
const anyResult = z.looseObject({});

type Requester = Pick<Client, "request">;

/**
 * Runs the cases in order over a connected MCP client and evaluates each case's assertions.
 * A case with no assertions passes when its request gets a result. Tools' outputSchemas are
 * read once (tools/list, all pages) and only when a case asserts `schemaValid: "outputSchema"`.
 */
export async function runCollection(client: Requester, collection: Collection, options: RunOptions = {}): Promise<CollectionResult> {
  const started = performance.now();
  let outputSchemas: Map<string, unknown> | undefined;
  const cases: CaseResult[] = [];
  for (const testCase of collection.cases) {
    const outcome = await send(client, testCase, options);
    let outputSchema: unknown;
    if (testCase.request.method === "tools/call" && testCase.assert.some((a) => "schemaValid" in a && a.schemaValid === "outputSchema")) {
      outputSchemas ??= await readOutputSchemas(client, options);
      outputSchema = outputSchemas.get(String(testCase.request.params?.name));
    }
    const assertions = testCase.assert.length
      ? testCase.assert.map((assertion) => evaluateAssertion(assertion, outcome, { outputSchema }))
      : [evaluateAssertion({ status: "result" }, outcome)];
    const result: CaseResult = { name: testCase.name, method: testCase.request.method, outcome, assertions, passed: assertions.every((a) => a.passed) };
    cases.push(result);
    options.onCase?.(result);
  }
  const passed = cases.filter((c) => c.passed).length;
  return { name: collection.name, cases, passed, failed: cases.length - passed, durationMs: performance.now() - started };
}

async function send(client: Requester, testCase: CollectionCase, options: RunOptions): Promise<CaseOutcome> {
  const started = performance.now();
  const latencyMs = () => Math.round((performance.now() - started) * 10) / 10;
  const request = { method: testCase.request.method, ...(testCase.request.params ? { params: testCase.request.params } : {}) };
  try {
    const result = await client.request(request, anyResult, { timeout: options.timeoutMs ?? 30_000, resetTimeoutOnProgress: true, signal: options.signal });
    return { kind: "result", result, latencyMs: latencyMs() };
  } catch (error) {
    if (error instanceof McpError) {
      const message = error.message.replace(/^MCP error -?\d+: /, "");
      return { kind: "error", error: { code: error.code, message, ...(error.data !== undefined ? { data: error.data } : {}) }, latencyMs: latencyMs() };
    }
    // No answer at all (transport closed, aborted): not a JSON-RPC code; -1 marks it.
    return { kind: "error", error: { code: -1, message: error instanceof Error ? error.message : String(error) }, latencyMs: latencyMs() };
  }
}

const toolsPage = z.looseObject({ tools: z.array(z.looseObject({ name: z.string(), outputSchema: z.unknown().optional() })), nextCursor: z.string().optional() });

async function readOutputSchemas(client: Requester, options: RunOptions): Promise<Map<string, unknown>> {
  const schemas = new Map<string, unknown>();
  let cursor: string | undefined;
  // Bounded: a server that keeps handing out cursors does not keep the run going forever.
  for (let page = 0; page < 100; page++) {
    const listed = await client.request({ method: "tools/list", ...(cursor ? { params: { cursor } } : {}) }, toolsPage, { timeout: options.timeoutMs ?? 30_000, signal: options.signal });
    for (const tool of listed.tools) if (tool.outputSchema !== undefined) schemas.set(tool.name, tool.outputSchema);
    cursor = listed.nextCursor;
    if (!cursor) break;
  }
  return schemas;
}
