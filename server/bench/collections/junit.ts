import type { CollectionResult } from "./run-collection.ts";

/**
 * JUnit XML for CI systems: one <testsuite> for the collection, one <testcase> per case; a case
 * with a failed assertion gets one <failure> listing every failed assertion.
 */
export function toJUnit(result: CollectionResult): string {
  const lines = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="${xml(result.name)}" tests="${result.cases.length}" failures="${result.failed}" time="${seconds(result.durationMs)}">`,
    `  <testsuite name="${xml(result.name)}" tests="${result.cases.length}" failures="${result.failed}" errors="0" skipped="0" time="${seconds(result.durationMs)}">`,
  ];
  for (const testCase of result.cases) {
    const open = `    <testcase name="${xml(testCase.name)}" classname="${xml(`${result.name}.${testCase.method}`)}" time="${seconds(testCase.outcome.latencyMs)}"`;
    const failed = testCase.assertions.filter((a) => !a.passed);
    if (!failed.length) {
      lines.push(`${open}/>`);
      continue;
    }
    const summary = failed.map((a) => `${a.label}: ${a.message ?? "failed"}`);
    lines.push(`${open}>`, `      <failure message="${xml(summary[0]!)}" type="AssertionFailed">${xml(summary.join("\n"))}</failure>`, `    </testcase>`);
  }
  lines.push(`  </testsuite>`, `</testsuites>`, "");
  return lines.join("\n");
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

function xml(text: string): string {
  // Characters XML 1.0 cannot hold at all are dropped; the five specials are escaped.
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}
