import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/** Whether String.prototype is in V8's fast mode in a fresh node after importing `specifier`. */
function stringPrototypeFastAfter(specifier: string): boolean {
  const script = `await import(${JSON.stringify(specifier)}); console.log(%HasFastProperties(String.prototype));`;
  const output = execFileSync(process.execPath, ["--allow-natives-syntax", "--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8" });
  return output.trim() === "true";
}

describe("server/engine/ioredis", () => {
  it("leaves String methods on V8's fast path, which importing ioredis itself does not", () => {
    expect(stringPrototypeFastAfter("ioredis")).toBe(false);
    expect(stringPrototypeFastAfter(fileURLToPath(new URL("./ioredis.ts", import.meta.url)))).toBe(true);
  });
});
