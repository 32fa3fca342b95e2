import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { LaunchError } from "./process-spec.ts";

const INSTALL_TIMEOUT_MS = 180_000;

/**
 * npm packages of components, installed once per package and version under `root` when a
 * deployment is deployed, so warm processes start as `node <bin>` with nothing to fetch. A
 * package that the project itself depends on at the same version is used where it is — also a
 * workspace package of the project (the case servers under cases/), which npm links into
 * node_modules.
 * Install scripts never run: a component's code runs only inside its sandbox.
 */
export class ComponentStore {
  private readonly installing = new Map<string, Promise<string>>();

  constructor(
    readonly root: string,
    private readonly projectRoot: string,
    /** The npm registry to install from; npm's own configuration when unset. */
    private readonly npmRegistry?: string,
  ) {}

  /** The directory to resolve the package from, installing it first when needed. */
  ensure(identifier: string, version: string | undefined): Promise<string> {
    if (installedVersion(this.projectRoot, identifier) !== undefined && (version === undefined || installedVersion(this.projectRoot, identifier) === version)) {
      return Promise.resolve(this.projectRoot);
    }
    if (!/^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/.test(identifier)) {
      return Promise.reject(new LaunchError(`"${identifier}" is not a valid npm package name`));
    }
    const spec = version === undefined ? identifier : `${identifier}@${version}`;
    const dir = path.join(this.root, spec.replace(/[/@]/g, "_"));
    if (installedVersion(dir, identifier) !== undefined) return Promise.resolve(dir);
    let pending = this.installing.get(dir);
    if (!pending) {
      pending = install(dir, spec, this.npmRegistry).finally(() => this.installing.delete(dir));
      this.installing.set(dir, pending);
    }
    return pending;
  }
}

function installedVersion(root: string, identifier: string): string | undefined {
  const dir = installedPackageDir(root, identifier);
  if (dir === undefined) return undefined;
  try {
    return (JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

/**
 * Where `root/node_modules/<identifier>` really is: the directory itself, or — for a workspace
 * package of the project (npm links those) — the linked directory, but only when it lies inside
 * `root`: a link out of the tree is not used. Never resolves through a parent's node_modules.
 */
export function installedPackageDir(root: string, identifier: string): string | undefined {
  const entry = path.join(root, "node_modules", identifier);
  try {
    const real = fs.realpathSync(entry);
    const realRoot = fs.realpathSync(root);
    return real === entry || real.startsWith(realRoot + path.sep) ? real : undefined;
  } catch {
    return undefined;
  }
}

async function install(dir: string, spec: string, registry: string | undefined): Promise<string> {
  const staging = `${dir}.installing-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  fs.writeFileSync(path.join(staging, "package.json"), JSON.stringify({ name: "switchyard-component", private: true }));
  const output: string[] = [];
  const code = await new Promise<number | null>((resolve) => {
    const args = ["install", "--no-audit", "--no-fund", "--omit=dev", "--ignore-scripts", "--no-package-lock", ...(registry ? [`--registry=${registry}`] : []), spec];
    const child = spawn("npm", args, {
      cwd: staging,
      stdio: ["ignore", "pipe", "pipe"],
      timeout: INSTALL_TIMEOUT_MS,
    });
    child.stdout.on("data", (chunk) => output.push(String(chunk)));
    child.stderr.on("data", (chunk) => output.push(String(chunk)));
    child.on("error", (error) => {
      output.push(error.message);
      resolve(null);
    });
    child.on("exit", resolve);
  });
  if (code !== 0) {
    fs.rmSync(staging, { recursive: true, force: true });
    const tail = output.join("").trim().split("\n").slice(-3).join(" | ");
    throw new LaunchError(`could not install ${spec} from the npm registry: ${tail || `npm exited with ${code}`}`);
  }
  // Renamed into place only when complete, so a half-done install is never used.
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(staging, dir);
  return dir;
}
