import fs from "node:fs";

export interface ProcUsage {
  rssBytes: number;
  cpuSeconds: number;
}

const PAGE_SIZE = 4096;
const TICKS_PER_SECOND = 100;

/**
 * Resident memory and CPU time of a process and everything it started (a sandboxed server runs
 * as a child of bwrap), from /proc (Linux); null when it is gone. For the fleet page, not per call.
 */
export function procUsage(pid: number | undefined): ProcUsage | null {
  const own = singleUsage(pid);
  if (!own || pid === undefined) return own;
  for (const child of children(pid)) {
    const usage = procUsage(child);
    if (usage) {
      own.rssBytes += usage.rssBytes;
      own.cpuSeconds += usage.cpuSeconds;
    }
  }
  return own;
}

/** Processes in the tree under `pid` that started nothing themselves (the actual servers). */
export function leafDescendants(pid: number): number[] {
  const below = children(pid);
  return below.flatMap((child) => {
    const leaves = leafDescendants(child);
    return leaves.length > 0 ? leaves : [child];
  });
}

function children(pid: number): number[] {
  try {
    return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(" ").filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function singleUsage(pid: number | undefined): ProcUsage | null {
  if (pid === undefined) return null;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may contain spaces; the fields after its closing paren are fixed.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    const rssPages = Number(fields[21]);
    return { rssBytes: rssPages * PAGE_SIZE, cpuSeconds: (utime + stime) / TICKS_PER_SECOND };
  } catch {
    return null;
  }
}
