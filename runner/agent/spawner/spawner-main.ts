import { type ChildProcess, spawn } from "node:child_process";
import type { Socket } from "node:net";
import type { FromSpawner, ToSpawner } from "./spawner-messages.ts";

/** The spawner process (see spawner.ts): starts the agent's stdio servers and hands their stdio sockets to the agent. */

type SpawnRequest = Extract<ToSpawner, { op: "spawn" }>;

const children = new Map<number, ChildProcess>();

function send(message: FromSpawner, handle?: Socket): void {
  if (process.connected) process.send!(message, handle);
}

process.on("message", (message: ToSpawner) => {
  if (message.op === "spawn") start(message);
  else children.get(message.ref)?.kill(message.signal);
});

function start({ ref, command, args, env, cwd }: SpawnRequest): void {
  const child = spawn(command, args, { cwd, env: env as NodeJS.ProcessEnv, stdio: ["pipe", "pipe", "pipe"] });
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
  for (const output of [child.stdout, child.stderr]) (output as unknown as { _handle: { readStop(): number } })._handle.readStop();
  send({ op: "stdout", ref }, child.stdout as Socket);
  send({ op: "stderr", ref }, child.stderr as Socket);
  send({ op: "stdin", ref }, child.stdin as Socket);
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

// The agent is gone (it exited or crashed): nobody is left to talk to its servers.
process.on("disconnect", () => {
  for (const child of children.values()) child.kill("SIGKILL");
  process.exit(0);
});

send({ op: "ready" });
