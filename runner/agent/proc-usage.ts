import fs from "node:fs";

export interface ProcUsage {
  rssBytes: number;
  cpuSeconds: number;
}

const PAGE_SIZE = 4096;
const TICKS_PER_SECOND = 100;

/**
 * Resident memory and CPU time of a process from /proc (Linux), or null when it is gone or
 * /proc is unavailable. Cheap enough for the fleet page; not for every call.
 */
export function procUsage(pid: number | undefined): ProcUsage | null {
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
