/** What the agent asks of its spawner process, over the IPC channel. */
export type ToSpawner =
  | { op: "spawn"; ref: number; command: string; args: string[]; env: Record<string, string>; cwd: string }
  | { op: "kill"; ref: number; signal: NodeJS.Signals };

/**
 * What the spawner reports. "stdout", "stderr" and "stdin" carry the child's socket as the
 * message's handle (stdin's is missing if the child exited before it was handed over, since Node
 * closes it then); "started" follows them.
 */
export type FromSpawner =
  | { op: "ready" }
  | { op: "stdout" | "stderr" | "stdin"; ref: number }
  | { op: "started"; ref: number; pid: number }
  | { op: "failed"; ref: number; message: string }
  | { op: "exit"; ref: number; code: number | null; signal: NodeJS.Signals | null };
