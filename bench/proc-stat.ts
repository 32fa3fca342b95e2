/** Per-process figures from /proc (Linux): CPU time, and the processes a process started. */
import fs from "node:fs";

/** The fields of /proc/<pid>/stat after the command name, which may itself contain spaces. */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return undefined;
  }
}

/**
 * CPU time of one process, all its threads (none of its children), in µs: the sum of each
 * thread's time on a CPU from /proc/<pid>/task/<tid>/schedstat, in ns. /proc/<pid>/stat counts in
 * clock ticks (10 ms), ±5% of a bench round's CPU; a thread that ended goes uncounted, which the
 * processes measured here (Node: a fixed set of threads) do not do.
 */
export function cpuMicros(pid: number): number {
  let tasks: string[];
  try {
    tasks = fs.readdirSync(`/proc/${pid}/task`);
  } catch {
    return Number.NaN;
  }
  let nanos = 0;
  for (const task of tasks) {
    try {
      nanos += Number(fs.readFileSync(`/proc/${pid}/task/${task}/schedstat`, "utf8").split(" ")[0]);
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return nanos / 1000;
}

/** Every live process below `pid`, found by parent pid (children of any thread count). */
export function descendants(pid: number): number[] {
  const childrenOf = new Map<number, number[]>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const parent = Number(statFields(Number(entry))?.[1]);
    if (Number.isInteger(parent)) childrenOf.set(parent, [...(childrenOf.get(parent) ?? []), Number(entry)]);
  }
  const found: number[] = [];
  const visit = (of: number) => {
    for (const child of childrenOf.get(of) ?? []) {
      found.push(child);
      visit(child);
    }
  };
  visit(pid);
  return found;
}
