import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import type { Limits } from "./limits.ts";

export type CgroupController = "memory" | "pids" | "cpu";

export const CGROUP_CONTROLLERS: readonly CgroupController[] = ["memory", "pids", "cpu"];

export interface CgroupSupport {
  version: 1 | 2;
  /** Where the hierarchy is mounted: /sys/fs/cgroup for v1, the cgroup2 mount for v2. */
  root: string;
  /** Controllers in which a group can be created and limited. */
  controllers: CgroupController[];
  /**
   * Per controller, the agent's own cgroup directory: groups go to `<parent>/switchyard/<name>`.
   * Nesting under the agent's own group (not the hierarchy root) keeps every server inside
   * whatever limits and accounting the host or systemd already placed on the agent.
   */
  parents: Partial<Record<CgroupController, string>>;
}

/** Directory under each parent that holds the per-process groups. */
export const GROUPS_DIR = "switchyard";

const PROBE_FILES: Record<1 | 2, Record<CgroupController, [file: string, value: string]>> = {
  1: { memory: ["memory.limit_in_bytes", "-1"], pids: ["pids.max", "max"], cpu: ["cpu.cfs_quota_us", "-1"] },
  2: { memory: ["memory.max", "max"], pids: ["pids.max", "max"], cpu: ["cpu.max", "max"] },
};

interface Mount {
  root: string;
  point: string;
  fstype: string;
  superOptions: string[];
}

export async function probeCgroup(): Promise<{ support: CgroupSupport | null; notes: string[] }> {
  const notes: string[] = [];
  let mounts: Mount[];
  let own: Map<string, string>;
  try {
    mounts = parseMountInfo(await fs.readFile("/proc/self/mountinfo", "utf8"));
    own = parseProcCgroup(await fs.readFile("/proc/self/cgroup", "utf8"));
  } catch (error) {
    return { support: null, notes: [`cgroup: cannot read /proc/self: ${message(error)}`] };
  }
  const v2 = await probeV2(mounts, own, notes);
  if (v2 && (v2.controllers.includes("memory") || v2.controllers.includes("pids"))) return { support: v2, notes };
  const v1 = await probeV1(mounts, own, notes);
  const chosen = v1 && v1.controllers.length > 0 ? v1 : v2 && v2.controllers.length > 0 ? v2 : null;
  if (!chosen) notes.push("cgroup: no writable memory, pids or cpu controller");
  return { support: chosen, notes };
}

async function probeV1(mounts: Mount[], own: Map<string, string>, notes: string[]): Promise<CgroupSupport | null> {
  const parents: Partial<Record<CgroupController, string>> = {};
  const controllers: CgroupController[] = [];
  let root: string | undefined;
  for (const controller of CGROUP_CONTROLLERS) {
    const mount = mounts.find((m) => m.fstype === "cgroup" && m.superOptions.includes(controller));
    if (!mount) continue;
    root ??= path.dirname(mount.point);
    const parent = ownDirectory(mount, own.get(controller) ?? "/");
    const [file, value] = PROBE_FILES[1][controller];
    const failure = await probeGroup(parent, [file], value);
    if (failure) notes.push(`cgroup v1 ${controller}: ${failure}`);
    else {
      controllers.push(controller);
      parents[controller] = parent;
    }
  }
  return root === undefined ? null : { version: 1, root, controllers, parents };
}

async function probeV2(mounts: Mount[], own: Map<string, string>, notes: string[]): Promise<CgroupSupport | null> {
  const mount = mounts.find((m) => m.fstype === "cgroup2");
  if (!mount) return null;
  const parent = ownDirectory(mount, own.get("") ?? "/");
  const available = (await readOptional(path.join(parent, "cgroup.controllers"))).split(/\s+/);
  const wanted = CGROUP_CONTROLLERS.filter((c) => available.includes(c));
  if (wanted.length > 0) await moveToLeafIfAlone(parent, wanted, notes);
  const controllers: CgroupController[] = [];
  const parents: Partial<Record<CgroupController, string>> = {};
  for (const controller of wanted) {
    const enabled = await enableV2(parent, controller);
    if (enabled) {
      notes.push(`cgroup v2 ${controller}: ${enabled}`);
      continue;
    }
    const [file, value] = PROBE_FILES[2][controller];
    const failure = await probeGroup(parent, [file], value, controller);
    if (failure) notes.push(`cgroup v2 ${controller}: ${failure}`);
    else {
      controllers.push(controller);
      parents[controller] = parent;
    }
  }
  return { version: 2, root: mount.point, controllers, parents };
}

/**
 * A v2 group that holds processes cannot hand controllers to child groups. When the agent is the
 * only process in its group (a systemd service with Delegate=yes, a container), it moves itself
 * into a leaf `agent/` so its own group can parent the servers' groups. Never done with company.
 */
async function moveToLeafIfAlone(parent: string, wanted: CgroupController[], notes: string[]): Promise<void> {
  const enabled = (await readOptional(path.join(parent, "cgroup.subtree_control"))).split(/\s+/);
  if (wanted.every((c) => enabled.includes(c))) return;
  const members = await groupMembers(parent);
  if (members.length !== 1 || members[0] !== process.pid) return;
  const leaf = path.join(parent, "agent");
  try {
    await fs.mkdir(leaf, { recursive: true });
    await fs.writeFile(path.join(leaf, "cgroup.procs"), String(process.pid));
    notes.push(`cgroup v2: moved the agent into ${leaf} so ${parent} can hold the servers' groups`);
  } catch (error) {
    notes.push(`cgroup v2: could not move the agent into ${leaf}: ${message(error)}`);
  }
}

/** Creates and removes a throwaway group, writing `value` to its limit file to prove it is writable. */
async function probeGroup(
  parent: string,
  files: string[],
  value: string,
  v2Controller?: CgroupController,
): Promise<string | null> {
  const groups = path.join(parent, GROUPS_DIR);
  const probe = path.join(groups, `probe-${process.pid}-${randomUUID().slice(0, 8)}`);
  let createdGroups = false;
  try {
    createdGroups = (await fs.mkdir(groups, { recursive: true })) !== undefined;
    if (v2Controller) await fs.writeFile(path.join(groups, "cgroup.subtree_control"), `+${v2Controller}`);
    await fs.mkdir(probe);
    for (const file of files) await fs.writeFile(path.join(probe, file), value);
    return null;
  } catch (error) {
    return message(error);
  } finally {
    await fs.rmdir(probe).catch(() => {});
    if (createdGroups) await fs.rmdir(groups).catch(() => {});
  }
}

async function enableV2(parent: string, controller: CgroupController): Promise<string | null> {
  const control = path.join(parent, "cgroup.subtree_control");
  if ((await readOptional(control)).split(/\s+/).includes(controller)) return null;
  try {
    await fs.writeFile(control, `+${controller}`);
    return null;
  } catch (error) {
    // EBUSY: a v2 group with processes in it cannot hand controllers to children.
    return `cannot enable in ${parent}: ${message(error)} (run the agent in a delegated cgroup, itself in a leaf)`;
  }
}

/** Creates `<parent>/switchyard/<name>` per controller and writes the limits; returns the directories. */
export async function createGroups(support: CgroupSupport, name: string, limits: Limits): Promise<string[]> {
  if (!/^[A-Za-z0-9_.-]{1,100}$/.test(name) || name === "." || name === "..") {
    throw new Error(`cgroup name ${JSON.stringify(name)} must be 1-100 letters, digits, '_', '.' or '-'`);
  }
  const byDirectory = new Map<string, CgroupController[]>();
  for (const controller of support.controllers) {
    const parent = support.parents[controller];
    if (parent === undefined) continue;
    const dir = path.join(parent, GROUPS_DIR, name);
    byDirectory.set(dir, [...(byDirectory.get(dir) ?? []), controller]);
  }
  const created: string[] = [];
  try {
    for (const [dir, controllers] of byDirectory) {
      await makeGroup(dir, support.version, controllers);
      created.push(dir);
      for (const controller of controllers) await writeLimits(dir, support.version, controller, limits);
    }
    return created;
  } catch (error) {
    await removeGroups(created).catch(() => {});
    throw new Error(`could not create cgroup ${name}: ${message(error)}`);
  }
}

async function makeGroup(dir: string, version: 1 | 2, controllers: CgroupController[]): Promise<void> {
  const groups = path.dirname(dir);
  for (let attempt = 1; ; attempt++) {
    try {
      await fs.mkdir(groups, { recursive: true });
      if (version === 2) {
        for (const c of controllers) await fs.writeFile(path.join(groups, "cgroup.subtree_control"), `+${c}`);
      }
      await fs.mkdir(dir);
      return;
    } catch (error) {
      // ENOENT: another server's cleanup removed the empty switchyard/ in between.
      if (isCode(error, "ENOENT") && attempt < 3) continue;
      if (!isCode(error, "EEXIST") || attempt >= 3) throw error;
    }
    // Left over from an agent that died: empty it so stale processes do not count against the limits.
    await removeGroups([dir], { keepParent: true });
  }
}

async function writeLimits(dir: string, version: 1 | 2, controller: CgroupController, limits: Limits): Promise<void> {
  const write = (file: string, value: number | string) =>
    fs.writeFile(path.join(dir, file), typeof value === "number" ? String(Math.floor(value)) : value);
  const writeIfPresent = async (file: string, value: number | string) => {
    if (await exists(path.join(dir, file))) await write(file, value);
  };
  if (controller === "memory" && limits.memoryBytes !== undefined) {
    if (version === 1) {
      await write("memory.limit_in_bytes", limits.memoryBytes);
      // memsw counts memory + swap: without it a server could spill past the limit into swap.
      await writeIfPresent("memory.memsw.limit_in_bytes", limits.memoryBytes);
    } else {
      await write("memory.max", limits.memoryBytes);
      await writeIfPresent("memory.swap.max", 0);
      await writeIfPresent("memory.oom.group", 1);
    }
  }
  if (controller === "pids" && limits.processes !== undefined) await write("pids.max", limits.processes);
  if (controller === "cpu" && limits.cpuCores !== undefined) {
    const period = 100_000;
    const quota = Math.max(1000, Math.round(limits.cpuCores * period));
    if (version === 1) {
      await write("cpu.cfs_period_us", period);
      await write("cpu.cfs_quota_us", quota);
    } else {
      await write("cpu.max", `${quota} ${period}`);
    }
  }
}

/** Kills everything left in the groups, then removes them (and `switchyard/` when it is empty). */
export async function removeGroups(dirs: string[], options: { keepParent?: boolean } = {}): Promise<void> {
  const deadline = Date.now() + 5000;
  let remaining = [...dirs];
  while (remaining.length > 0) {
    const next: string[] = [];
    for (const dir of remaining) {
      await killMembers(dir);
      try {
        await fs.rmdir(dir);
      } catch (error) {
        if (!isCode(error, "ENOENT")) next.push(dir);
      }
    }
    remaining = next;
    if (remaining.length === 0) break;
    if (Date.now() > deadline) throw new Error(`could not remove cgroups (still busy): ${remaining.join(", ")}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  if (options.keepParent) return;
  for (const parent of new Set(dirs.map((dir) => path.dirname(dir)))) {
    // Fails while other servers' groups are inside: that is fine, the last one out removes it.
    await fs.rmdir(parent).catch(() => {});
  }
}

async function killMembers(dir: string): Promise<void> {
  const kill = path.join(dir, "cgroup.kill");
  if (await exists(kill)) {
    await fs.writeFile(kill, "1").catch(() => {});
    return;
  }
  const pids = (await readOptional(path.join(dir, "cgroup.procs"))).split(/\s+/).filter(Boolean).map(Number);
  for (const pid of pids) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
}

/** Members of a group, for monitoring and tests. */
export async function groupMembers(dir: string): Promise<number[]> {
  return (await readOptional(path.join(dir, "cgroup.procs"))).split(/\s+/).filter(Boolean).map(Number);
}

const JOIN_SCRIPT =
  'while [ "$1" != -- ]; do echo $$ > "$1" || { echo "switchyard: cannot join cgroup $1" >&2; exit 125; }; shift; done; shift;';

/**
 * `sh -c` that moves itself into every group and only then execs the program, so nothing the
 * program does (fork included) happens outside the limits. Paths travel as arguments, never
 * inside the script. dash exports PWD; it is dropped unless the caller's environment set it.
 */
export function joinGroupsCommand(
  dirs: string[],
  command: string,
  args: string[],
  keepPwd: boolean,
): { command: string; args: string[] } {
  const script = `${JOIN_SCRIPT}${keepPwd ? "" : " unset PWD;"} exec "$@"`;
  const procs = dirs.map((dir) => path.join(dir, "cgroup.procs"));
  return { command: "/bin/sh", args: ["-c", script, "switchyard-join", ...procs, "--", command, ...args] };
}

function parseMountInfo(text: string): Mount[] {
  const mounts: Mount[] = [];
  for (const line of text.split("\n")) {
    const fields = line.split(" ");
    const separator = fields.indexOf("-");
    const root = fields[3];
    const point = fields[4];
    const fstype = fields[separator + 1];
    if (separator < 0 || root === undefined || point === undefined || fstype === undefined) continue;
    mounts.push({ root: unescape(root), point: unescape(point), fstype, superOptions: (fields[separator + 3] ?? "").split(",") });
  }
  return mounts;
}

/** Controller name ("" for the v2 hierarchy) to the process's path in it. */
function parseProcCgroup(text: string): Map<string, string> {
  const paths = new Map<string, string>();
  for (const line of text.split("\n")) {
    const match = /^\d+:([^:]*):(.*)$/.exec(line);
    if (!match) continue;
    const [, controllers = "", cgroupPath = "/"] = match;
    if (controllers === "") paths.set("", cgroupPath);
    for (const controller of controllers.split(",")) if (controller) paths.set(controller, cgroupPath);
  }
  return paths;
}

function ownDirectory(mount: Mount, cgroupPath: string): string {
  let relative = "/";
  if (mount.root === "/") relative = cgroupPath;
  else if (cgroupPath === mount.root || cgroupPath.startsWith(mount.root + "/")) {
    relative = cgroupPath.slice(mount.root.length);
  }
  const dir = path.resolve(mount.point, `.${relative}`);
  // "/.." paths appear when the process sits outside this cgroup namespace's root.
  return dir === mount.point || dir.startsWith(mount.point + "/") ? dir : mount.point;
}

function unescape(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

async function readOptional(file: string): Promise<string> {
  return fs.readFile(file, "utf8").catch(() => "");
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}

function isCode(error: unknown, code: string): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === code;
}

export function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
