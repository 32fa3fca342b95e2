/**
 * The small JSON path subset collections use: `$`, `.name`, `["name"]` and `[index]`
 * (negative indexes count from the end). Returns `{ found: false }` when any step is missing.
 */
export type PathLookup = { found: true; value: unknown } | { found: false };

const STEP = /^(?:\.([A-Za-z_$][\w$-]*)|\[(-?\d+)\]|\[("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')\])/;

export function parsePath(path: string): Array<string | number> {
  if (!path.startsWith("$")) throw new Error(`JSON path ${JSON.stringify(path)} must start with "$"`);
  const steps: Array<string | number> = [];
  let rest = path.slice(1);
  while (rest) {
    const match = STEP.exec(rest);
    if (!match) throw new Error(`JSON path ${JSON.stringify(path)}: cannot read ${JSON.stringify(rest)} (use .name, ["name"] or [0])`);
    if (match[1] !== undefined) steps.push(match[1]);
    else if (match[2] !== undefined) steps.push(Number(match[2]));
    else steps.push(String(JSON.parse(match[3]!.startsWith("'") ? `"${match[3]!.slice(1, -1).replace(/"/g, '\\"')}"` : match[3]!)));
    rest = rest.slice(match[0].length);
  }
  return steps;
}

export function lookupPath(value: unknown, path: string): PathLookup {
  let current = value;
  for (const step of parsePath(path)) {
    if (typeof step === "number") {
      if (!Array.isArray(current)) return { found: false };
      const index = step < 0 ? current.length + step : step;
      if (index < 0 || index >= current.length) return { found: false };
      current = current[index];
    } else {
      if (typeof current !== "object" || current === null || Array.isArray(current) || !Object.hasOwn(current, step)) return { found: false };
      current = (current as Record<string, unknown>)[step];
    }
  }
  return { found: true, value: current };
}
