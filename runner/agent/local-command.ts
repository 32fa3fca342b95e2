import fs from "node:fs";
import path from "node:path";
import type { DeploymentValues, ProcessSpec } from "./process-spec.ts";

/** A command given by the local user rather than a published package (the bench's local stdio connections). */
export interface CommandRequest {
  command: string;
  args: string[];
  cwd?: string;
}

/** Where a command without a path is looked up, unless its environment sets PATH. */
export const DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";

/** The program a command runs, as the process will find it, or undefined when there is none. */
export function findProgram(command: string, searchPath = DEFAULT_PATH): string | undefined {
  const runnable = (file: string) => {
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return fs.statSync(file).isFile();
    } catch {
      return false;
    }
  };
  if (command.includes("/")) return runnable(command) ? command : undefined;
  return searchPath.split(":").filter(Boolean).map((dir) => path.join(dir, command)).find(runnable);
}

/**
 * The process spec of a user's command: its environment is exactly the values given (kept as
 * secrets) plus a PATH to find the program, never the host's environment. The sandbox shows the
 * working directory, the directory of every absolute path among the arguments and the
 * node_modules above it (so `node /path/to/server.js` finds its dependencies), read-only.
 */
export function commandProcessSpec(request: CommandRequest, values: DeploymentValues, fallbackCwd: string): { spec: ProcessSpec; readOnlyPaths: string[] } {
  const env = { PATH: DEFAULT_PATH, ...values.config, ...values.secrets };
  const cwd = request.cwd && fs.existsSync(request.cwd) ? request.cwd : fallbackCwd;
  const visible = new Set<string>();
  if (request.cwd && fs.existsSync(request.cwd)) visible.add(request.cwd);
  for (const arg of [request.command, ...request.args]) {
    if (!path.isAbsolute(arg) || !fs.existsSync(arg)) continue;
    const dir = fs.statSync(arg).isDirectory() ? arg : path.dirname(arg);
    visible.add(dir);
    const modules = nearestNodeModules(dir);
    if (modules) visible.add(modules);
  }
  return { spec: { command: request.command, args: request.args, env, cwd }, readOnlyPaths: [...visible] };
}

function nearestNodeModules(dir: string): string | undefined {
  const inside = dir.lastIndexOf(`${path.sep}node_modules${path.sep}`);
  if (inside >= 0) return dir.slice(0, inside + "/node_modules".length);
  for (let at = dir; ; at = path.dirname(at)) {
    const candidate = path.join(at, "node_modules");
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(at) === at) return undefined;
  }
}
