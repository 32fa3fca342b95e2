import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { StartupError } from "../errors.ts";

const SOURCES = ["app", "server", "runner/protocol", "runner/agents", "cases", "next.config.ts", "tsconfig.json", "package-lock.json"];
const STAMP = ".next/switchyard-sources";

/** A fingerprint of everything the web build reads: paths, sizes and modification times. */
export function sourceFingerprint(root: string): string {
  const hash = createHash("sha256");
  const visit = (relative: string) => {
    const full = path.join(root, relative);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(full);
    } catch {
      return;
    }
    if (stat.isDirectory()) {
      if (relative.endsWith("generated") || relative.includes("node_modules")) return;
      for (const entry of fs.readdirSync(full).sort()) visit(path.join(relative, entry));
    } else if (!/\.test\.tsx?$/.test(relative)) {
      hash.update(`${relative}\0${stat.size}\0${stat.mtimeMs}\n`);
    }
  };
  SOURCES.forEach(visit);
  return hash.digest("hex");
}

/** Runs `next build` when the sources changed since the last build (or there is none). */
export async function ensureWebBuild(root: string, say: (line: string) => void): Promise<"fresh" | "built"> {
  const fingerprint = sourceFingerprint(root);
  const stampFile = path.join(root, STAMP);
  const hasBuild = fs.existsSync(path.join(root, ".next", "BUILD_ID"));
  if (hasBuild && fs.existsSync(stampFile) && fs.readFileSync(stampFile, "utf8") === fingerprint) return "fresh";
  say("building the web app (first start, or the sources changed) …");
  const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
  const output: string[] = [];
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, [nextBin, "build"], {
      cwd: root,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const keep = (chunk: Buffer) => {
      output.push(chunk.toString());
      if (output.length > 400) output.shift();
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    child.on("exit", (exitCode) => resolve(exitCode));
    const stop = () => child.kill("SIGTERM");
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    child.on("exit", () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
    });
  });
  if (code !== 0) {
    process.stderr.write(output.join(""));
    throw new StartupError(`startup error: building the web app failed (next build exited with ${code}); its output is above`);
  }
  // Next may touch tsconfig.json while it builds, so the stamp is taken afterwards.
  fs.writeFileSync(stampFile, sourceFingerprint(root));
  return "built";
}
