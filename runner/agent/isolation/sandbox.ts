import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { ProcessSpec } from "../process-spec.ts";

export interface SandboxOptions {
  /** The only writable place; also the working directory and HOME. */
  workDir: string;
  /** Extra paths visible read-only, e.g. the component's package directory. */
  readOnlyPaths: string[];
  network: boolean;
}

const SYSTEM_PATHS = ["/usr", "/bin", "/lib", "/lib64", "/etc/ssl", "/etc/ca-certificates"];
// nsswitch.conf is not secret and makes "localhost" resolve through /etc/hosts as on the host.
const NETWORK_PATHS = ["/etc/resolv.conf", "/etc/hosts", "/etc/nsswitch.conf"];
const DROP_PWD = 'unset PWD; exec "$@"';

interface Mount {
  dest: string;
  args: string[];
}

/**
 * bwrap arguments (everything after the bwrap binary) that run `spec` with only the system
 * libraries, the program's own directory, `readOnlyPaths` and `workDir` visible. The environment
 * is inherited from bwrap, which is started with exactly spec.env: `--setenv` would put secrets
 * on bwrap's command line, readable by every user through /proc/<pid>/cmdline.
 */
export async function prepareSandbox(
  spec: ProcessSpec,
  options: SandboxOptions,
): Promise<{ args: string[]; cleanup(): Promise<void> }> {
  const workDir = await existingDirectory(options.workDir, "sandbox work directory");
  const readOnly = await Promise.all(options.readOnlyPaths.map((p) => existingPath(p, "sandbox read-only path")));
  const command = await resolveCommand(spec.command, spec.env.PATH);
  const bound: string[] = [];
  const mounts: Mount[] = [];
  const addReadOnly = async (p: string): Promise<void> => {
    if (bound.some((b) => within(p, b))) return;
    const stat = await fs.lstat(p).catch(() => null);
    if (!stat) return;
    if (stat.isSymbolicLink()) {
      const real = await fs.realpath(p).catch(() => null);
      // Merged-/usr hosts: /bin -> usr/bin is recreated as a link instead of a second mount.
      if (real && bound.some((b) => within(real, b))) {
        mounts.push({ dest: p, args: ["--symlink", await fs.readlink(p), p] });
        return;
      }
    }
    mounts.push({ dest: p, args: ["--ro-bind", p, p] });
    bound.push(p);
  };
  for (const p of SYSTEM_PATHS) await addReadOnly(p);
  if (options.network) for (const p of NETWORK_PATHS) await addReadOnly(p);
  if (path.isAbsolute(command)) {
    await addReadOnly(path.dirname(command));
    await addReadOnly(path.dirname(await fs.realpath(command).catch(() => command)));
  }
  for (const p of readOnly) await addReadOnly(p);

  const identity = await fs.mkdtemp(path.join(os.tmpdir(), "switchyard-sandbox-"));
  try {
    // Without an /etc/passwd entry os.userInfo() throws; a synthetic one names no host user.
    const uid = process.getuid?.() ?? 0;
    const gid = process.getgid?.() ?? 0;
    const user = uid === 0 ? "root" : "switchyard";
    await fs.writeFile(path.join(identity, "passwd"), `${user}:x:${uid}:${gid}:Switchyard sandbox:${workDir}:/usr/sbin/nologin\n`);
    await fs.writeFile(path.join(identity, "group"), `${user}:x:${gid}:\n`);
  } catch (error) {
    await fs.rm(identity, { recursive: true, force: true });
    throw error;
  }
  mounts.push(
    { dest: "/proc", args: ["--proc", "/proc"] },
    { dest: "/dev", args: ["--dev", "/dev"] },
    { dest: "/tmp", args: ["--tmpfs", "/tmp"] },
    { dest: "/etc/passwd", args: ["--ro-bind", path.join(identity, "passwd"), "/etc/passwd"] },
    { dest: "/etc/group", args: ["--ro-bind", path.join(identity, "group"), "/etc/group"] },
    { dest: workDir, args: ["--bind", workDir, workDir] },
  );
  // Parents before children, so /tmp's tmpfs or a read-only parent never hides a later mount.
  mounts.sort((a, b) => depth(a.dest) - depth(b.dest));

  const program = "PWD" in spec.env ? [command] : ["/bin/sh", "-c", DROP_PWD, "sh", command];
  const args = [
    "--die-with-parent",
    "--new-session",
    "--unshare-all",
    ...(options.network ? ["--share-net"] : []),
    "--cap-drop",
    "ALL",
    ...mounts.flatMap((m) => m.args),
    "--chdir",
    workDir,
    "--",
    // bwrap always sets PWD after --chdir; the shim drops it so spec.env stays the whole environment.
    ...program,
    ...spec.args,
  ];
  return { args, cleanup: () => fs.rm(identity, { recursive: true, force: true }) };
}

async function resolveCommand(command: string, searchPath: string | undefined): Promise<string> {
  if (command.includes("/")) return path.resolve(command);
  for (const dir of (searchPath ?? "/usr/local/bin:/usr/bin:/bin").split(":")) {
    if (!dir) continue;
    const candidate = path.join(dir, command);
    if (await fs.access(candidate, fs.constants.X_OK).then(() => true, () => false)) return candidate;
  }
  return command;
}

async function existingPath(p: string, what: string): Promise<string> {
  const absolute = path.resolve(p);
  try {
    await fs.access(absolute);
  } catch {
    throw new Error(`${what} ${absolute} does not exist`);
  }
  return absolute;
}

async function existingDirectory(p: string, what: string): Promise<string> {
  const absolute = await existingPath(p, what);
  if (!(await fs.stat(absolute)).isDirectory()) throw new Error(`${what} ${absolute} is not a directory`);
  return absolute;
}

function within(p: string, parent: string): boolean {
  return p === parent || p.startsWith(parent.endsWith("/") ? parent : parent + "/");
}

function depth(p: string): number {
  return p.split("/").filter(Boolean).length;
}
