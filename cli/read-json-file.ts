import fs from "node:fs";
import { StartupError } from "../server/errors.ts";

/** A JSON file a user named on the command line, or one line saying why it cannot be read. */
export function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new StartupError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new StartupError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
}
