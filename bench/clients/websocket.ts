/** A light WebSocket client (subprotocol `mcp`): one socket, one JSON-RPC message per text frame. */
import WebSocket from "ws";
import { type LightSession, RpcSession } from "./rpc-session.ts";

export async function openWebSocket(url: string, options: { key?: string; timeoutMs: number }): Promise<LightSession> {
  const socket = new WebSocket(url, ["mcp"], { headers: options.key ? { authorization: `Bearer ${options.key}` } : {} });
  await new Promise((resolve, reject) => {
    socket.once("open", resolve);
    socket.once("error", reject);
    socket.once("unexpected-response", (_req, res) => reject(new Error(`${url}: HTTP ${res.statusCode} instead of an upgrade`)));
  });
  const rpc = new RpcSession(options.timeoutMs);
  rpc.send = (message) => socket.send(JSON.stringify({ jsonrpc: "2.0", ...message }));
  socket.on("message", (data) => rpc.receive(JSON.parse(data.toString())));
  socket.on("close", () => rpc.failAll("the socket closed"));
  socket.on("error", () => {});
  await rpc.initialize();
  const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  return {
    rpc,
    close: async () => {
      socket.close();
      await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, options.timeoutMs))]);
      socket.terminate();
    },
  };
}
