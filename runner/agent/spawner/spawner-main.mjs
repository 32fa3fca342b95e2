// @ts-check
/**
 * The spawner process (see spawner.ts): starts the agent's stdio servers and hands their stdio
 * sockets to the agent. Plain JavaScript, type-checked through JSDoc, so it runs without tsx:
 * tsx's loader (and its hooks thread) would take this process from ~45 to ~77 MiB, and every
 * fork() it exists to make cheap copies those page tables (spawn() 1.3–1.5 ms against 1.9–2.1 ms).
 */
import { spawn } from "node:child_process";

/** @typedef {import("./spawner-messages.ts").ToSpawner} ToSpawner */
/** @typedef {import("./spawner-messages.ts").FromSpawner} FromSpawner */
/** @typedef {Extract<ToSpawner, { op: "spawn" }>} SpawnRequest */

/** @type {Map<number, import("node:child_process").ChildProcess>} */
const children = new Map();

/**
 * @param {FromSpawner} message
 * @param {import("node:net").Socket} [handle]
 */
function send(message, handle) {
  if (process.connected) process.send?.(message, handle);
}

process.on("message", (/** @type {ToSpawner} */ message) => {
  if (message.op === "spawn") start(message);
  else children.get(message.ref)?.kill(message.signal);
});

/** @param {SpawnRequest} request */
function start({ ref, command, args, env, cwd }) {
  const child = spawn(command, args, { cwd, env: /** @type {NodeJS.ProcessEnv} */ (env), stdio: ["pipe", "pipe", "pipe"] });
  if (child.pid === undefined) {
    child.once("error", (error) => send({ op: "failed", ref, message: error.message }));
    return;
  }
  children.set(ref, child);
  child.on("error", () => {
    // A kill() of a child that is already gone; its exit is reported below.
  });
  // Node starts reading a child's stdout and stderr as soon as it creates their sockets, and a
  // socket handed over while an earlier handle waits for its acknowledgement stays here, still
  // reading, until it leaves: what the child wrote meanwhile would be read here and dropped.
  // Reading is stopped before the event loop can run, so every byte waits for the agent.
  for (const output of [child.stdout, child.stderr]) /** @type {{ _handle: { readStop(): number } }} */ (/** @type {unknown} */ (output))._handle.readStop();
  send({ op: "stdout", ref }, /** @type {import("node:net").Socket} */ (child.stdout));
  send({ op: "stderr", ref }, /** @type {import("node:net").Socket} */ (child.stderr));
  send({ op: "stdin", ref }, /** @type {import("node:net").Socket} */ (child.stdin));
  send({ op: "started", ref, pid: child.pid });
  child.once("exit", (code, signal) => {
    children.delete(ref);
    send({ op: "exit", ref, code, signal });
  });
}

// Ctrl-C in a terminal reaches the whole process group. The agent decides when its servers stop
// and asks through this process, so it must outlive the signal.
process.on("SIGINT", () => {});
process.on("SIGTERM", () => {});

// The agent is gone (it stopped this process, exited or crashed): nobody is left to talk to its
// servers. The agent's end of stdin closes however it ends. The IPC channel's "disconnect" is no
// such sign: Node holds it back while a socket sent here waits for an acknowledgement, and one
// sent as the agent went away never gets it.
process.stdin.on("close", () => {
  for (const child of children.values()) child.kill("SIGKILL");
  process.exit(0);
});
process.stdin.resume();

send({ op: "ready" });
