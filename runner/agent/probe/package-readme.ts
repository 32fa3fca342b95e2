import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

/** Readmes past this size are cut: the marketplace shows them, it does not archive them. */
const MAX_README_BYTES = 256 * 1024;

/** The README.md an npm package ships, as installed under `root`, or undefined when it has none. */
export function packageReadme(identifier: string, root: string): string | undefined {
  let dir: string;
  try {
    dir = path.dirname(createRequire(path.join(root, "package.json")).resolve(`${identifier}/package.json`));
  } catch {
    return undefined;
  }
  const file = fs.readdirSync(dir).find((name) => /^readme(\.md|\.markdown)?$/i.test(name));
  if (!file) return undefined;
  const bytes = fs.readFileSync(path.join(dir, file));
  return bytes.subarray(0, MAX_README_BYTES).toString("utf8");
}
