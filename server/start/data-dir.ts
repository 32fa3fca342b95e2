import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { StartupError } from "../errors.ts";

/** Reads a 32-byte secret, creating it (mode 0600) on first use. */
export function readOrCreateSecret(file: string): Buffer {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    fs.writeFileSync(file, randomBytes(32).toString("hex") + "\n", { flag: "wx", mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  const key = Buffer.from(fs.readFileSync(file, "utf8").trim(), "hex");
  if (key.length !== 32) throw new StartupError(`startup error: ${file} does not hold a 32-byte hex key; restore it from a backup (deployment secrets are sealed with it)`);
  return key;
}

export function writePrivateFile(file: string, content: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, content, { mode: 0o600 });
  fs.chmodSync(file, 0o600);
}

interface LockHolder {
  pid: number;
  host: string;
  startedAt: string;
  command: string;
}

/**
 * One Switchyard process per data dir: PGlite cannot share its files. The lock file names its
 * holder; a lock left by a process that no longer runs is taken over.
 */
export function lockDataDir(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, "switchyard.lock");
  const me: LockHolder = { pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString(), command: process.argv.slice(1).join(" ") };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(me), { flag: "wx", mode: 0o600 });
      return () => {
        try {
          if ((JSON.parse(fs.readFileSync(file, "utf8")) as LockHolder).pid === process.pid) fs.unlinkSync(file);
        } catch {
          // Already gone.
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holder = readHolder(file);
    if (holder && holder.host === me.host && isRunning(holder.pid)) {
      throw new StartupError(
        `startup error: the data dir ${dataDir} is in use by process ${holder.pid} (started ${holder.startedAt}: ${holder.command}) — stop it first, or set SWITCHYARD_DATA_DIR to another directory`,
      );
    }
    fs.rmSync(file, { force: true });
  }
  throw new StartupError(`startup error: could not take the lock ${file}; another Switchyard is starting in the same data dir`);
}

function readHolder(file: string): LockHolder | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as LockHolder;
  } catch {
    return undefined;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
