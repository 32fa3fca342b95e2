/**
 * The gateway benchmark (issue 5): server-everything's echo tool over direct stdio (the ceiling),
 * through issue 5's bare node:http and ws proxies (the floor), through the Switchyard gateway
 * over HTTP and WebSocket, and through supergateway 4.x in SSE and stateful streamable-HTTP
 * modes; then session start and idle session memory. Everything is printed as ratios measured
 * in this run, on this machine. See bench/README.md.
 */
import os from "node:os";
import { killAllNow, stopAll } from "./children.ts";
import { openLegacySse } from "./clients/legacy-sse.ts";
import type { LightSession } from "./clients/rpc-session.ts";
import { openStdio } from "./clients/stdio-pipe.ts";
import { openStreamableHttp } from "./clients/streamable-http.ts";
import { openWebSocket } from "./clients/websocket.ts";
import { idleMemory } from "./idle-memory.ts";
import { type Measurements, SYSTEMS, type SystemLabel } from "./measurements.ts";
import { type GatewayPeer, type Peer, startBareProxies, startGateway, startSupergateway } from "./peers.ts";
import { callsTable, cpuTable, idleMemoryLines, sessionStartTable } from "./report.ts";
import { type System, failedResults, measure } from "./scenarios.ts";
import { timeSessionStarts } from "./session-start.ts";
import { EVERYTHING, SETTINGS } from "./settings.ts";
import { targetLines } from "./targets.ts";

const hardLimit = setTimeout(() => {
  console.error(`bench: hard limit of ${SETTINGS.hardLimitMs / 1000} s reached; killing every child and exiting`);
  killAllNow();
  process.exit(2);
}, SETTINGS.hardLimitMs);
process.once("SIGINT", () => {
  // The children get the terminal's SIGINT too; a few seconds to stop cleanly, then SIGKILL.
  setTimeout(() => process.exit(130), 8000).unref();
  void stopAll().finally(() => process.exit(130));
});
process.once("exit", killAllNow);

const timeoutMs = SETTINGS.callTimeoutMs;
const m: Measurements = { calls: new Map(), starts: [], idle: [] };

/** Starts a peer, measures through it and stops it; a peer that does not start fails its scenarios. */
async function withPeer<P extends Peer>(labels: SystemLabel[], start: () => Promise<P>, use: (peer: P) => Promise<void>): Promise<void> {
  let peer: P;
  try {
    peer = await start();
  } catch (error) {
    for (const label of labels) m.calls.set(label, failedResults(error as Error));
    return;
  }
  try {
    await use(peer);
  } finally {
    await peer.stop();
  }
}

async function run(label: SystemLabel, system: System): Promise<void> {
  console.log(`  ${label}…`);
  m.calls.set(label, await measure(system));
}

async function measureGateway(gateway: GatewayPeer): Promise<void> {
  const ws = gateway.url.replace(/^http/, "ws");
  const overHttp = (deployment: string) => () => openStreamableHttp(`${gateway.url}/mcp/${deployment}`, { key: gateway.key, timeoutMs });
  const socket = (deployment: string) => () => openWebSocket(`${ws}/ws/${deployment}`, { key: gateway.key, timeoutMs });
  await run(SYSTEMS.gatewayHttp, { open: overHttp(gateway.perSession), openConcurrent: overHttp(gateway.shared), cpuPid: gateway.pid });
  await run(SYSTEMS.gatewayWs, { open: socket(gateway.perSession), openConcurrent: socket(gateway.shared), cpuPid: gateway.pid });
  m.starts.push(await timeSessionStarts(SYSTEMS.gatewayHttp, overHttp(gateway.perSession)));
  m.starts.push(await timeSessionStarts(SYSTEMS.gatewayWs, socket(gateway.perSession)));
  console.log(`  idle sessions (${SETTINGS.idleSessions} per transport)…`);
  for (const transport of ["HTTP", "WebSocket"] as const) {
    m.idle.push(await idleMemory(gateway, transport, SETTINGS.idleSessions).catch((error: Error) => ({ transport, error })));
  }
  console.log(`  (gateway: database ${gateway.database}, engine ${gateway.engine})`);
}

async function main(): Promise<void> {
  console.log(`Switchyard gateway bench — node ${process.version}, ${os.cpus().length} CPUs, ${os.platform()}/${os.arch()}`);
  console.log(`server: node ${EVERYTHING} stdio; ${SETTINGS.calls} calls per scenario (${SETTINGS.sequentialCalls} at 1 in flight), max ${SETTINGS.maxScenarioMs / 1000} s each\n`);

  const stdio = () => openStdio({ timeoutMs });
  await run(SYSTEMS.direct, { open: stdio, openConcurrent: stdio });
  m.starts.push(await timeSessionStarts(SYSTEMS.direct, stdio));

  await withPeer([SYSTEMS.bareHttp, SYSTEMS.bareWs], startBareProxies, async (peer) => {
    const overHttp = () => openStreamableHttp(peer.httpUrl, { timeoutMs });
    const socket = () => openWebSocket(peer.wsUrl, { timeoutMs });
    await run(SYSTEMS.bareHttp, { open: overHttp, openConcurrent: overHttp, cpuPid: peer.pid });
    await run(SYSTEMS.bareWs, { open: socket, openConcurrent: socket, cpuPid: peer.pid });
  });

  await withPeer([SYSTEMS.gatewayHttp, SYSTEMS.gatewayWs], startGateway, measureGateway);

  await withPeer([SYSTEMS.supergatewaySse], () => startSupergateway("sse"), async (peer) => {
    const open = () => openLegacySse(peer.url, { timeoutMs });
    await run(SYSTEMS.supergatewaySse, { open, openConcurrent: open, cpuPid: peer.pid });
  });

  await withPeer([SYSTEMS.supergatewayHttp], () => startSupergateway("streamableHttp"), async (peer) => {
    const open = (): Promise<LightSession> => openStreamableHttp(peer.url, { timeoutMs });
    await run(SYSTEMS.supergatewayHttp, { open, openConcurrent: open, cpuPid: peer.pid });
    m.starts.push(await timeSessionStarts(SYSTEMS.supergatewayHttp, open));
  });

  const { table, problems } = callsTable(m);
  console.log(`\n${table}`);
  console.log(`
calls: attempted (* = stopped at the ${SETTINGS.maxScenarioMs / 1000} s limit); calls/s: successful calls per second.
wrong: replies with another request's text, or to no request in flight on that session; lost: no reply within ${timeoutMs / 1000} s, or the stream ended first.
vs direct / vs sg SSE: calls/s ÷ calls/s of direct stdio / of supergateway SSE in the same scenario.
vs bare: gateway HTTP ÷ bare node:http proxy, gateway WebSocket ÷ bare ws proxy, in the same scenario.
8 sessions: gateway on its shareable deployment (one server process); direct stdio and supergateway streamable HTTP one process per session; supergateway SSE and the bare proxies one process.`);
  if (problems.length > 0) console.log(`\nproblems:\n${problems.map((p) => `  ${p}`).join("\n")}`);
  console.log(`\nCPU of the process between client and server (/proc utime+stime; its server processes not counted), per successful call:\n${cpuTable(m)}`);
  console.log(`\n${sessionStartTable(m)}`);
  console.log(`\nidle sessions on the gateway's shared deployment (gateway child after GC):\n${idleMemoryLines(m).join("\n")}`);
  console.log(`\ntargets (issue 5):\n${targetLines(m).map((line) => `  ${line}`).join("\n")}`);
}

try {
  await main();
} finally {
  clearTimeout(hardLimit);
  await stopAll();
}
// Idle keep-alive sockets would hold the process open for a few seconds more.
process.exit(0);
