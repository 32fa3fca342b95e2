import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { lockDataDir, readOrCreateSecret, writePrivateFile } from "./data-dir.ts";

const dirs: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sy-data-"));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe("data dir lock", () => {
  it("refuses a second holder and names the first", () => {
    const dir = tempDir();
    const release = lockDataDir(dir);
    expect(() => lockDataDir(dir)).toThrow(new RegExp(`the data dir ${dir} is in use by process ${process.pid} \\(started .*\\) — stop it first`));
    release();
    const again = lockDataDir(dir);
    again();
    expect(fs.existsSync(path.join(dir, "switchyard.lock"))).toBe(false);
  });

  it("takes over a lock left by a process that no longer runs", async () => {
    const dir = tempDir();
    const child = spawn(process.execPath, ["-e", ""]);
    const deadPid = await new Promise<number>((resolve) => child.on("exit", () => resolve(child.pid!)));
    fs.writeFileSync(
      path.join(dir, "switchyard.lock"),
      JSON.stringify({ pid: deadPid, host: os.hostname(), startedAt: "2026-01-01T00:00:00.000Z", command: "old" }),
    );
    const release = lockDataDir(dir);
    expect(JSON.parse(fs.readFileSync(path.join(dir, "switchyard.lock"), "utf8")).pid).toBe(process.pid);
    release();
  });
});

describe("private files", () => {
  it("creates the secret key once, mode 0600, and reads the same key back", () => {
    const file = path.join(tempDir(), "nested", "secret.key");
    const first = readOrCreateSecret(file);
    expect(first).toHaveLength(32);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(readOrCreateSecret(file).equals(first)).toBe(true);
  });

  it("refuses a damaged secret key instead of replacing it", () => {
    const file = path.join(tempDir(), "secret.key");
    fs.writeFileSync(file, "not-a-key\n");
    expect(() => readOrCreateSecret(file)).toThrow("does not hold a 32-byte hex key");
    expect(fs.readFileSync(file, "utf8")).toBe("not-a-key\n");
  });

  it("writes private files with mode 0600 even when they existed with wider modes", () => {
    const file = path.join(tempDir(), "demo-api-key");
    fs.writeFileSync(file, "old", { mode: 0o644 });
    writePrivateFile(file, "sy_x\n");
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(file, "utf8")).toBe("sy_x\n");
  });
});
