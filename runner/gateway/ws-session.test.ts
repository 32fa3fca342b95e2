import { EventEmitter } from "node:events";
import type { WebSocket } from "ws";
import { describe, expect, it } from "vitest";
import type { Message, SessionPort } from "../agent/session-mux.ts";
import type { UpstreamHandle } from "../protocol/upstream-handle.ts";
import { WsSession } from "./ws-session.ts";

/** What WsSession uses of a ws socket; what it sends is kept, parsed. */
class FakeSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  bufferedAmount = 0;
  readonly sent: Message[] = [];
  send(text: string): void {
    this.sent.push(JSON.parse(text));
  }
  close(): void {
    this.readyState = 3;
  }
  frame(message: object): void {
    this.emit("message", Buffer.from(JSON.stringify(message)), false);
  }
}

function session() {
  const forwarded: Message[] = [];
  const port: SessionPort = {
    send: (message) => void forwarded.push(message),
    onMessage: () => {},
    onCall: () => {},
    declareCapabilities: () => {},
    cancel: () => {},
    detach: () => {},
  };
  const upstream: UpstreamHandle = {
    initializeResult: { protocolVersion: "2025-11-25", capabilities: { tools: { listChanged: true } }, serverInfo: { name: "fake", version: "1" } },
    attach: () => port,
    onExit: () => () => {},
  };
  const socket = new FakeSocket();
  const owner = { tenantId: "t", keyId: "k", keyPrefix: "p", deploymentId: "d", deploymentName: "fake" };
  new WsSession(owner, upstream, socket as unknown as WebSocket, { onClosed: () => {}, release: async () => {}, rateLimitPerMinute: 0, dailyQuota: null });
  // What the process says to this session, as the agent's mux would deliver it.
  const fromServer = (message: Message) => port.onMessage(message);
  return { socket, fromServer, forwarded };
}

const initialize = { jsonrpc: "2.0", id: 0, method: "initialize", params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "t", version: "1" } } };
const listChanged = { jsonrpc: "2.0", method: "notifications/tools/list_changed" } as Message;

describe("WsSession", () => {
  it("sends the initialize reply first: what the server said before it follows, in order", () => {
    const { socket, fromServer } = session();
    fromServer(listChanged);
    fromServer({ jsonrpc: "2.0", method: "notifications/message", params: { level: "info", data: "started" } } as Message);
    expect(socket.sent).toEqual([]);

    socket.frame(initialize);
    expect(socket.sent.map((m) => m.id ?? m.method)).toEqual([0, "notifications/tools/list_changed", "notifications/message"]);
    expect(socket.sent[0]).toMatchObject({ id: 0, result: { serverInfo: { name: "fake" }, protocolVersion: "2025-11-25" } });

    fromServer(listChanged);
    expect(socket.sent).toHaveLength(4);
  });

  it("lets a ping's reply through before initialize, and holds the server's messages past it", () => {
    const { socket, fromServer, forwarded } = session();
    fromServer(listChanged);
    socket.frame({ jsonrpc: "2.0", id: 7, method: "ping" });
    expect(forwarded.map((m) => m.method)).toEqual(["ping"]);
    fromServer({ jsonrpc: "2.0", id: 7, result: {} } as Message);
    expect(socket.sent).toEqual([{ jsonrpc: "2.0", id: 7, result: {} }]);

    socket.frame(initialize);
    expect(socket.sent.map((m) => m.id ?? m.method)).toEqual([7, 0, "notifications/tools/list_changed"]);
  });

  it("stops holding at the first other message of a client that skips initialize", () => {
    const { socket, fromServer, forwarded } = session();
    fromServer(listChanged);
    socket.frame({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "echo", arguments: { message: "hi" } } });
    expect(forwarded.map((m) => m.method)).toEqual(["tools/call"]);
    expect(socket.sent.map((m) => m.method)).toEqual(["notifications/tools/list_changed"]);
    fromServer({ jsonrpc: "2.0", method: "notifications/progress", params: { progressToken: 1, progress: 1 } } as Message);
    expect(socket.sent).toHaveLength(2);
  });
});
