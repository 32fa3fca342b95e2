import { z } from "zod";

/**
 * A stdio command the bench starts on this machine (local mode only): what the user typed in the
 * form or imported from an mcp.json. Shared by the form (browser) and the server; no Node imports.
 */
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const localCommandSchema = z.object({
  command: z
    .string({ error: "expected the program to run, e.g. node or npx" })
    .trim()
    .min(1, { error: "expected the program to run, e.g. node or npx" })
    .max(4096, { error: "expected at most 4096 characters" })
    .refine((value) => !/[\0\r\n]/.test(value), { error: "expected the program on one line" }),
  args: z.array(z.string().max(8192, { error: "expected at most 8192 characters" }).refine((value) => !value.includes("\0"), { error: "expected no NUL character" })).max(256, { error: "expected at most 256 arguments" }).default([]),
  env: z
    .record(z.string(), z.string().max(32_768, { error: "expected at most 32768 characters" }))
    .superRefine((env, ctx) => {
      for (const name of Object.keys(env)) {
        if (!ENV_NAME.test(name)) ctx.addIssue({ code: "custom", path: [name], message: "expected an environment variable name, e.g. API_TOKEN" });
      }
    })
    .default({}),
  /** An absolute directory; the process starts there when there is no sandbox (the sandbox shows it read-only). */
  cwd: z
    .string()
    .trim()
    .refine((value) => value === "" || value.startsWith("/"), { error: "expected an absolute directory, e.g. /home/me/my-server" })
    .optional(),
});

export type LocalCommand = z.infer<typeof localCommandSchema>;

/** The command line as a person reads it (quoted where needed), without the environment. */
export function commandLine(command: Pick<LocalCommand, "command" | "args">): string {
  return [command.command, ...command.args].map((part) => (/^[\w@%+=:,./-]+$/.test(part) ? part : `'${part.replace(/'/g, "'\\''")}'`)).join(" ");
}

/** Splits an arguments box: one argument per line (so spaces and quotes need no escaping). */
export function argsFromLines(text: string): string[] {
  return text.split("\n").map((line) => line.replace(/\r$/, "")).filter((line) => line.trim() !== "");
}
