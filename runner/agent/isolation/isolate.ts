import type { ProcessSpec } from "../process-spec.ts";
import { createGroups, joinGroupsCommand, removeGroups } from "./cgroup.ts";
import type { IsolationSupport } from "./detect.ts";
import type { Limits } from "./limits.ts";
import { prepareSandbox, type SandboxOptions } from "./sandbox.ts";

/**
 * Address space node needs beyond what it actually uses: V8 and glibc reserve ~0.7 GiB of virtual
 * memory before the first line runs (node 20 fails to start under 640 MiB and hangs under 128 MiB).
 */
export const ADDRESS_SPACE_HEADROOM = 2 * 1024 * 1024 * 1024;

export interface IsolateOptions {
  support: IsolationSupport;
  limits: Limits;
  sandbox?: SandboxOptions;
  /** Name of the cgroup, unique per running process (letters, digits, '_', '.', '-'). */
  groupName: string;
}

export type IsolationPiece = "cgroup" | "prlimit" | "bwrap";

export interface Isolated {
  /** What to spawn instead of the original spec. */
  spec: ProcessSpec;
  /** Kills whatever is left in the process's cgroups and removes them; safe to call twice. */
  cleanup(): Promise<void>;
  applied: IsolationPiece[];
  /** The process's cgroup directories (memory.*, pids.current for monitoring). */
  cgroups: string[];
}

/**
 * Wraps `spec` as sh (joins the cgroups) -> prlimit -> bwrap -> program. Pieces the host lacks
 * are skipped; whether that is acceptable is the caller's decision, from `support.level`.
 */
export async function isolate(spec: ProcessSpec, options: IsolateOptions): Promise<Isolated> {
  const { support, limits, sandbox } = options;
  let command = spec.command;
  let args = spec.args;
  let env = spec.env;
  let cwd = spec.cwd;
  let cgroups: string[] = [];
  const applied: IsolationPiece[] = [];
  const cleanups: Array<() => Promise<void>> = [];
  const cleanup = once(async () => {
    for (const step of cleanups.reverse()) await step();
  });
  try {
    if (sandbox && support.bwrap && support.tools.bwrap) {
      const prepared = await prepareSandbox(spec, sandbox);
      cleanups.push(prepared.cleanup);
      command = support.tools.bwrap;
      args = prepared.args;
      env = { ...spec.env, HOME: sandbox.workDir };
      cwd = sandbox.workDir;
      applied.push("bwrap");
    }
    if (support.prlimit && support.tools.prlimit) {
      args = [...prlimitFlags(limits, support), "--", command, ...args];
      command = support.tools.prlimit;
      applied.push("prlimit");
    }
    if (support.cgroup && support.cgroup.controllers.length > 0) {
      const created = await createGroups(support.cgroup, options.groupName, limits);
      cgroups = created;
      cleanups.push(() => removeGroups(created));
      ({ command, args } = joinGroupsCommand(created, command, args, "PWD" in spec.env));
      applied.push("cgroup");
    }
  } catch (error) {
    await cleanup().catch(() => {});
    throw error;
  }
  if (applied.length === 0) return { spec, cleanup, applied, cgroups };
  return { spec: { command, args, env, cwd }, cleanup, applied, cgroups };
}

/**
 * prlimit covers what the cgroup cannot. RLIMIT_AS and RLIMIT_NPROC are only fallbacks: the
 * address space of node is far above its resident memory (WebAssembly alone reserves GiBs), and
 * RLIMIT_NPROC counts every process of the user, not of this server, and is not enforced for
 * root at all — as root only the cgroup pids limit contains a fork bomb.
 */
export function prlimitFlags(limits: Limits, support: Pick<IsolationSupport, "cgroup">): string[] {
  const inCgroup = (controller: "memory" | "pids") => support.cgroup?.controllers.includes(controller) ?? false;
  // No core dumps: they would write the server's memory (secrets included) to its directory.
  const flags = ["--core=0"];
  if (limits.memoryBytes !== undefined && !inCgroup("memory")) {
    flags.push(`--as=${Math.floor(limits.memoryBytes) + ADDRESS_SPACE_HEADROOM}`);
  }
  if (limits.cpuSeconds !== undefined) {
    // SIGXCPU at the soft limit; SIGKILL one second later for a process that ignores it.
    const seconds = Math.max(1, Math.ceil(limits.cpuSeconds));
    flags.push(`--cpu=${seconds}:${seconds + 1}`);
  }
  if (limits.openFiles !== undefined) flags.push(`--nofile=${Math.floor(limits.openFiles)}`);
  if (limits.processes !== undefined && !inCgroup("pids")) flags.push(`--nproc=${Math.floor(limits.processes)}`);
  return flags;
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= fn());
}
