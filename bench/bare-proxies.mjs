// Issue 5's two bare proxies, the floor the gateway is held to: one server-everything child
// shared by every session, reached over plain node:http POSTs or `ws` sockets on one port, with
// nothing else (no auth, routing, metrics or validation).
// Usage: node bench/bare-proxies.mjs <port> <server-everything dist/index.js>
import { spawn } from "node:child_process";
import http from "node:http";
import { WebSocketServer } from "ws";

const [port, everything] = process.argv.slice(2);
const child = spawn(process.execPath, [everything, "stdio"], { stdio: ["pipe", "pipe", "ignore"] });
const stop = () => {
  child.kill();
  process.exit(0);
};
child.once("exit", stop);
process.once("SIGTERM", stop);
process.stdin.on("close", stop).resume();

// Sessions' ids overlap, so each request goes to the child under a number of its own.
const waiting = new Map();
let nextId = 0;
const toChild = (message, onReply) => {
  waiting.set(nextId, onReply);
  child.stdin.write(`${JSON.stringify({ ...message, id: nextId++ })}\n`);
};
let buffer = "";
child.stdout.setEncoding("utf8").on("data", (chunk) => {
  const lines = (buffer + chunk).split("\n");
  buffer = lines.pop();
  for (const line of lines) {
    const reply = JSON.parse(line);
    // The child's own requests and notifications have no one to go to.
    if (reply.method !== undefined) continue;
    waiting.get(reply.id)?.(reply);
    waiting.delete(reply.id);
  }
});

// The child is initialized once, here; every client's initialize gets its answer, and its
// notifications (the bench sends only notifications/initialized) go no further.
const clientInfo = { name: "bare-proxies", version: "1" };
const initialized = await new Promise((resolve) => toChild({ jsonrpc: "2.0", method: "initialize", params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo } }, resolve));
child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" })}\n`);

/** Calls `answer` with the reply to `message` under the client's own id, or not at all for a notification. */
const forward = (message, answer) => {
  if (message.method === "initialize") answer({ ...initialized, id: message.id });
  else if (message.id !== undefined) toChild(message, (reply) => answer({ ...reply, id: message.id }));
};

let sessions = 0;
const server = http.createServer((req, res) => {
  if (req.method === "DELETE") return res.end();
  let body = "";
  req.setEncoding("utf8").on("data", (chunk) => (body += chunk));
  req.on("end", () => {
    const message = JSON.parse(body);
    if (message.id === undefined) return res.writeHead(202).end();
    const session = message.method === "initialize" ? { "mcp-session-id": `bare-${++sessions}` } : {};
    forward(message, (reply) => res.writeHead(200, { "content-type": "application/json", ...session }).end(JSON.stringify(reply)));
  });
});
new WebSocketServer({ server, handleProtocols: (protocols) => protocols.has("mcp") && "mcp" }).on("connection", (socket) => {
  socket.on("message", (data) => forward(JSON.parse(data), (reply) => socket.send(JSON.stringify(reply))));
});
server.listen(Number(port), "127.0.0.1", () => console.log(`ready ${port}`));
