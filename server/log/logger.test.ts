import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "./logger.ts";

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, stream };
}

describe("logger", () => {
  it("redacts keys, Authorization headers and child environments", () => {
    const { lines, stream } = capture();
    const log = createLogger("info", stream);
    log.info({ key: "sy_aaa_secret1", req: { headers: { authorization: "Bearer sy_bbb_secret2" } } }, "request");
    log.info({ process: { env: { API_TOKEN: "secret3" } }, deployment: { secrets: { X: "secret4" } } }, "spawn");
    const out = lines.join("");
    for (const secret of ["secret1", "secret2", "secret3", "secret4"]) expect(out).not.toContain(secret);
    expect(out).toContain("[redacted]");
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 30, msg: "request", service: "switchyard" });
  });

  it("drops levels below the configured one", () => {
    const { lines, stream } = capture();
    const log = createLogger("warn", stream);
    log.info("hidden");
    log.warn("shown");
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!).msg).toBe("shown");
  });
});
