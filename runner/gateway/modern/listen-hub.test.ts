import { describe, expect, it } from "vitest";
import { type Message, SessionMux } from "../../agent/session-mux.ts";
import { filterWants, honouredFilter } from "./listen-filter.ts";
import { type HubListener, ListenHub } from "./listen-hub.ts";

/** A process stand-in on a real mux that takes every subscription except to `refused://`. */
function fakeProcess() {
  const sent: Message[] = [];
  const mux = new SessionMux({
    alive: true,
    send: (line) => {
      const message = JSON.parse(line) as Message;
      sent.push(message);
      if (message.method?.startsWith("resources/")) {
        const refused = String(message.params?.uri).startsWith("refused://");
        queueMicrotask(() => mux.fromServer(JSON.stringify(refused ? { jsonrpc: "2.0", id: message.id, error: { code: -32602, message: "no" } } : { jsonrpc: "2.0", id: message.id, result: {} })));
      }
      return true;
    },
    recordCall: () => {},
  });
  const handle = { initializeResult: {}, attach: () => mux.attach(), onExit: () => () => {} };
  const calls = (method: string) => sent.filter((m) => m.method === method).map((m) => m.params?.uri);
  return { mux, handle, calls };
}

function listener(...uris: string[]): HubListener & { heard: Message[] } {
  const heard: Message[] = [];
  return { resourceSubscriptions: uris, heard, notify: (message) => heard.push(message), lost: () => {} };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("ListenHub", () => {
  it("subscribes each URI once for all its listeners, and unsubscribes when the last one leaves", async () => {
    const process = fakeProcess();
    const hub = new ListenHub(process.handle);
    const a = listener("demo://1", "demo://2");
    const b = listener("demo://1");
    const [forA, forB] = await Promise.all([hub.join(a), hub.join(b)]);
    expect(forA).toEqual(["demo://1", "demo://2"]);
    expect(forB).toEqual(["demo://1"]);
    expect(process.calls("resources/subscribe")).toEqual(["demo://1", "demo://2"]);

    hub.leave(a, forA);
    await settle();
    expect(process.calls("resources/unsubscribe")).toEqual(["demo://2"]);
    hub.leave(b, forB);
    await settle();
    expect(process.calls("resources/unsubscribe")).toEqual(["demo://2", "demo://1"]);
    expect(process.mux.ports.size).toBe(0);
  });

  it("leaves out a subscription the server refused", async () => {
    const process = fakeProcess();
    const hub = new ListenHub(process.handle);
    expect(await hub.join(listener("demo://1", "refused://x"))).toEqual(["demo://1"]);
  });

  it("fans the server's notifications out to every listener", async () => {
    const process = fakeProcess();
    const hub = new ListenHub(process.handle);
    const a = listener();
    const b = listener();
    await Promise.all([hub.join(a), hub.join(b)]);
    process.mux.fromServer(JSON.stringify({ jsonrpc: "2.0", method: "notifications/tools/list_changed" }));
    expect(a.heard).toEqual([{ jsonrpc: "2.0", method: "notifications/tools/list_changed" }]);
    expect(b.heard).toEqual(a.heard);
  });
});

describe("subscription filters", () => {
  it("honour only what the server advertised", () => {
    const filter = { toolsListChanged: true, promptsListChanged: true, resourcesListChanged: false, resourceSubscriptions: ["a://1", "a://1"] };
    expect(honouredFilter(filter, { tools: { listChanged: true }, prompts: {}, resources: { subscribe: true, listChanged: true } })).toEqual({ toolsListChanged: true, resourceSubscriptions: ["a://1"] });
    expect(honouredFilter(filter, { resources: { listChanged: true } })).toEqual({});
  });

  it("let through the opted-in notifications, and updates of a subscribed URI or what lies under it", () => {
    const filter = { toolsListChanged: true, resourceSubscriptions: ["file:///project"] };
    const updated = (uri: string) => ({ jsonrpc: "2.0" as const, method: "notifications/resources/updated", params: { uri } });
    expect(filterWants(filter, { jsonrpc: "2.0", method: "notifications/tools/list_changed" })).toBe(true);
    expect(filterWants(filter, { jsonrpc: "2.0", method: "notifications/prompts/list_changed" })).toBe(false);
    expect(filterWants(filter, { jsonrpc: "2.0", method: "notifications/message", params: { level: "info" } })).toBe(false);
    expect(filterWants(filter, updated("file:///project"))).toBe(true);
    expect(filterWants(filter, updated("file:///project/a.json"))).toBe(true);
    expect(filterWants(filter, updated("file:///projects"))).toBe(false);
  });
});
