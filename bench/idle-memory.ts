/**
 * What an idle session costs the gateway: open many sessions on the shared deployment
 * (initialize + initialized, then nothing), and compare the gateway child's RSS and heap after
 * GC before and after. Server processes are not counted: with the shared deployment, sessions
 * add none.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { HttpPool } from "./clients/http-pool.ts";
import type { LightSession } from "./clients/rpc-session.ts";
import { openStreamableHttp } from "./clients/streamable-http.ts";
import { openWebSocket } from "./clients/websocket.ts";
import type { MemoryReport } from "./gateway-server.ts";
import type { GatewayPeer } from "./peers.ts";
import { SETTINGS } from "./settings.ts";

export interface IdleMemory {
  transport: "HTTP" | "WebSocket";
  wanted: number;
  opened: number;
  /** Why the gateway stopped accepting sessions before `wanted`, if it did. */
  refusal?: string;
  before: MemoryReport;
  after: MemoryReport;
}

const OPENING_AT_ONCE = 16;

export async function idleMemory(gateway: GatewayPeer, transport: IdleMemory["transport"], wanted: number): Promise<IdleMemory> {
  // Without keep-alive an idle HTTP session holds no socket, so only the session itself is counted.
  const pool = new HttpPool(gateway.url, { connections: OPENING_AT_ONCE, closeEach: true });
  const options = { key: gateway.key, timeoutMs: SETTINGS.callTimeoutMs };
  const open = transport === "HTTP"
    ? () => openStreamableHttp(`${gateway.url}/mcp/${gateway.shared}`, { ...options, pool })
    : () => openWebSocket(`${gateway.url.replace(/^http/, "ws")}/ws/${gateway.shared}`, options);

  const before = await gateway.memory();
  const sessions: LightSession[] = [];
  let refusal: string | undefined;
  let started = 0;
  const opener = async () => {
    while (started < wanted && refusal === undefined) {
      started++;
      try {
        sessions.push(await open());
      } catch (error) {
        refusal ??= (error as Error).message;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: OPENING_AT_ONCE }, opener));
    // Lets the last handshakes' garbage and timers settle before the measurement.
    await sleep(1000);
    const after = await gateway.memory();
    return { transport, wanted, opened: sessions.length, refusal, before, after };
  } finally {
    for (let i = 0; i < sessions.length; i += OPENING_AT_ONCE) await Promise.all(sessions.slice(i, i + OPENING_AT_ONCE).map((s) => s.close()));
    await pool.close();
  }
}
