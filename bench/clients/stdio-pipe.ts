/** A light client on a server's stdio: the server spawned here, one JSON-RPC message per line. */
import { EVERYTHING } from "../settings.ts";
import { spawnTracked, stopChild } from "../children.ts";
import { type LightSession, RpcSession } from "./rpc-session.ts";

/** A fresh `server-everything stdio` process, initialized. */
export async function openStdio(options: { timeoutMs: number }): Promise<LightSession> {
  const child = spawnTracked(process.execPath, [EVERYTHING, "stdio"], { stdio: ["pipe", "pipe", "ignore"] });
  const rpc = new RpcSession(options.timeoutMs);
  rpc.send = (message) => child.stdin!.write(`${JSON.stringify({ jsonrpc: "2.0", ...message })}\n`);
  let buffer = "";
  child.stdout!.setEncoding("utf8");
  child.stdout!.on("data", (chunk: string) => {
    const lines = (buffer + chunk).split("\n");
    buffer = lines.pop()!;
    for (const line of lines) {
      try {
        rpc.receive(JSON.parse(line));
      } catch {
        // Servers sometimes log to stdout; such lines are not protocol messages.
      }
    }
  });
  child.stdin!.on("error", () => {});
  child.once("exit", () => rpc.failAll("the server process exited"));
  try {
    await rpc.initialize();
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  return { rpc, close: () => stopChild(child, 2000) };
}
