import { execFile } from "node:child_process";
import fs from "node:fs/promises";
import path from "node:path";
import { type CgroupSupport, message, probeCgroup } from "./cgroup.ts";

export type IsolationLevel = "none" | "limits" | "sandbox";

export interface IsolationSupport {
  prlimit: boolean;
  /** bwrap is installed and a trial sandbox with every namespace unshared ran. */
  bwrap: boolean;
  cgroup: CgroupSupport | null;
  level: IsolationLevel;
  /** Why a piece is missing, for the operator. */
  notes: string[];
  /** Absolute paths, because spec.env (the child's whole environment) may have no PATH. */
  tools: { prlimit: string | null; bwrap: string | null };
}

const SEARCH_PATH = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];
const TRIAL_TIMEOUT_MS = 5000;

export async function detectIsolation(): Promise<IsolationSupport> {
  const notes: string[] = [];
  const [prlimitPath, bwrapPath, cgroup] = await Promise.all([
    findExecutable("prlimit"),
    findExecutable("bwrap"),
    probeCgroup(),
  ]);
  let prlimit = false;
  if (!prlimitPath) notes.push("prlimit: not installed (util-linux)");
  else {
    const failure = await trial(prlimitPath, ["--nofile=256", "--core=0", "--", "/bin/sh", "-c", ":"]);
    if (failure) notes.push(`prlimit: trial run failed: ${failure}`);
    prlimit = failure === null;
  }
  let bwrap = false;
  if (!bwrapPath) notes.push("bwrap: not installed (apt-get install bubblewrap)");
  else {
    const args = ["--die-with-parent", "--new-session", "--unshare-all", "--cap-drop", "ALL"];
    args.push("--ro-bind", "/", "/", "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "/bin/sh", "-c", ":");
    const failure = await trial(bwrapPath, args);
    if (failure) notes.push(`bwrap: trial sandbox failed (user namespaces disabled?): ${failure}`);
    bwrap = failure === null;
  }
  notes.push(...cgroup.notes);
  const level: IsolationLevel = bwrap ? "sandbox" : prlimit || cgroup.support ? "limits" : "none";
  return {
    prlimit,
    bwrap,
    cgroup: cgroup.support,
    level,
    notes,
    tools: { prlimit: prlimit ? prlimitPath : null, bwrap: bwrap ? bwrapPath : null },
  };
}

/** One line for the start-up banner, e.g. "sandbox (bubblewrap, prlimit, cgroup v1: memory, pids, cpu)". */
export function describeIsolation(support: IsolationSupport): string {
  const parts: string[] = [];
  if (support.bwrap) parts.push("bubblewrap");
  if (support.prlimit) parts.push("prlimit");
  if (support.cgroup) parts.push(`cgroup v${support.cgroup.version}: ${support.cgroup.controllers.join(", ")}`);
  return `${support.level} (${parts.length > 0 ? parts.join(", ") : "no prlimit, bubblewrap or writable cgroup"})`;
}

async function findExecutable(name: string): Promise<string | null> {
  const dirs = [...(process.env.PATH ?? "").split(":").filter((d) => path.isAbsolute(d)), ...SEARCH_PATH];
  for (const dir of dirs) {
    const candidate = path.join(dir, name);
    if (await fs.access(candidate, fs.constants.X_OK).then(() => true, () => false)) return candidate;
  }
  return null;
}

/** null when the command exits 0, else a short reason. */
function trial(command: string, args: string[]): Promise<string | null> {
  return new Promise((resolve) => {
    const options = { timeout: TRIAL_TIMEOUT_MS, env: {} as NodeJS.ProcessEnv, encoding: "utf8" as const };
    execFile(command, args, options, (error, _stdout, stderr) => {
      if (!error) resolve(null);
      else resolve((stderr.trim().split("\n")[0] ?? "") || message(error));
    });
  });
}
