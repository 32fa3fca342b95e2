import { describe, expect, it } from "vitest";
import { toJUnit } from "./junit.ts";

describe("toJUnit", () => {
  it("writes one testcase per case, a failure listing failed assertions, and escapes XML", () => {
    const xml = toJUnit({
      name: 'smoke & "friends"',
      durationMs: 1234,
      passed: 1,
      failed: 1,
      cases: [
        { name: "ok", method: "ping", outcome: { kind: "result", result: {}, latencyMs: 5 }, assertions: [{ label: "status is result", passed: true }], passed: true },
        {
          name: "<bad>",
          method: "tools/call",
          outcome: { kind: "result", result: {}, latencyMs: 1500 },
          assertions: [
            { label: "latency ≤ 1000 ms", passed: false, message: "took 1500 ms" },
            { label: "$.a equals 1", passed: false, message: "$.a is missing in the result\u0001" },
          ],
          passed: false,
        },
      ],
    });
    expect(xml).toContain('<testsuite name="smoke &amp; &quot;friends&quot;" tests="2" failures="1" errors="0" skipped="0" time="1.234">');
    expect(xml).toContain('<testcase name="ok" classname="smoke &amp; &quot;friends&quot;.ping" time="0.005"/>');
    expect(xml).toContain('<testcase name="&lt;bad&gt;"');
    expect(xml).toContain('<failure message="latency ≤ 1000 ms: took 1500 ms" type="AssertionFailed">latency ≤ 1000 ms: took 1500 ms\n$.a equals 1: $.a is missing in the result</failure>');
    expect(xml.match(/<failure /g)).toHaveLength(1);
  });
});
