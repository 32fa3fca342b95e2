/**
 * The gateway benchmark (issue 5): server-everything's echo tool over direct stdio (the ceiling),
 * through issue 5's bare node:http and ws proxies (the floor), through the Switchyard gateway
 * over HTTP and WebSocket (and over HTTP in the stateless 2026-07-28 revision), and through
 * supergateway 4.x in SSE and stateful streamable-HTTP modes; then session start and idle
 * session memory. Everything is printed as ratios measured in this run, on this machine. See
 * bench/README.md.
 */
import os from "node:os";
import { killAllNow, stopAll } from "./children.ts";
import { openLegacySse } from "./clients/legacy-sse.ts";
import type { LightSession } from "./clients/rpc-session.ts";
import { openStateless } from "./clients/stateless-http.ts";
import { openStdio } from "./clients/stdio-pipe.ts";
import { openStreamableHttp } from "./clients/streamable-http.ts";
import { openWebSocket } from "./clients/websocket.ts";
import { idleMemory } from "./idle-memory.ts";
import { type Measurements, SYSTEMS, type SystemLabel } from "./measurements.ts";
import { type GatewayPeer, type Peer, startBareProxies, startGateway, startSupergateway } from "./peers.ts";
import { callsTable, cpuTable, idleMemoryLines, sessionStartTable } from "./report.ts";
import { type System, failedResults, measureInRounds } from "./scenarios.ts";
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

const peers: Peer[] = [];

/** Starts a peer, kept until the end; one that does not start fails its systems' scenarios. */
async function startPeer<P extends Peer>(labels: SystemLabel[], start: () => Promise<P>): Promise<P | undefined> {
  try {
    const peer = await start();
    peers.push(peer);
    return peer;
  } catch (error) {
    for (const label of labels) m.calls.set(label, failedResults(error as Error));
    return undefined;
  }
}

/** Session start and idle memory, measured on the gateway alone after the calls. */
async function gatewayExtras(gateway: GatewayPeer, overHttp: () => Promise<LightSession>, socket: () => Promise<LightSession>): Promise<void> {
  m.starts.push(await timeSessionStarts(SYSTEMS.gatewayHttp, overHttp));
  m.starts.push(await timeSessionStarts(SYSTEMS.gatewayWs, socket));
  console.log(`  idle sessions (${SETTINGS.idleSessions} per transport)…`);
  for (const transport of ["HTTP", "WebSocket"] as const) {
    m.idle.push(await idleMemory(gateway, transport, SETTINGS.idleSessions).catch((error: Error) => ({ transport, error })));
  }
  console.log(`  (gateway: database ${gateway.database}, engine ${gateway.engine})`);
}

async function main(): Promise<void> {
  console.log(`Switchyard gateway bench — node ${process.version}, ${os.cpus().length} CPUs, ${os.platform()}/${os.arch()}`);
  console.log(`server: node ${EVERYTHING} stdio; ${SETTINGS.calls} calls per scenario (${SETTINGS.sequentialCalls} at 1 in flight) in ${SETTINGS.rounds} rounds, max ${SETTINGS.maxScenarioMs / 1000} s each\n`);

  console.log("  starting the bare proxies, the gateway and supergateway…");
  const bare = await startPeer([SYSTEMS.bareHttp, SYSTEMS.bareWs], startBareProxies);
  const gateway = await startPeer([SYSTEMS.gatewayHttp, SYSTEMS.gatewayWs, SYSTEMS.gatewayStateless], startGateway);
  const sse = await startPeer([SYSTEMS.supergatewaySse], () => startSupergateway("sse"));
  const streamable = await startPeer([SYSTEMS.supergatewayHttp], () => startSupergateway("streamableHttp"));

  const stdio = () => openStdio({ timeoutMs });
  const systems: Array<[SystemLabel, System]> = [[SYSTEMS.direct, { open: stdio, openConcurrent: stdio }]];
  if (bare) {
    const overHttp = () => openStreamableHttp(bare.httpUrl, { timeoutMs });
    const socket = () => openWebSocket(bare.wsUrl, { timeoutMs });
    systems.push([SYSTEMS.bareHttp, { open: overHttp, openConcurrent: overHttp, cpuPid: bare.pid }], [SYSTEMS.bareWs, { open: socket, openConcurrent: socket, cpuPid: bare.pid }]);
  }
  const viaGateway = gateway && {
    http: (deployment: string) => () => openStreamableHttp(`${gateway.url}/mcp/${deployment}`, { key: gateway.key, timeoutMs }),
    socket: (deployment: string) => () => openWebSocket(`${gateway.url.replace(/^http/, "ws")}/ws/${deployment}`, { key: gateway.key, timeoutMs }),
    stateless: (deployment: string) => () => openStateless(`${gateway.url}/mcp/${deployment}`, { key: gateway.key, timeoutMs }),
  };
  if (gateway && viaGateway) {
    systems.push(
      [SYSTEMS.gatewayHttp, { open: viaGateway.http(gateway.perSession), openConcurrent: viaGateway.http(gateway.shared), cpuPid: gateway.pid }],
      [SYSTEMS.gatewayWs, { open: viaGateway.socket(gateway.perSession), openConcurrent: viaGateway.socket(gateway.shared), cpuPid: gateway.pid }],
      [SYSTEMS.gatewayStateless, { open: viaGateway.stateless(gateway.perSession), openConcurrent: viaGateway.stateless(gateway.shared), cpuPid: gateway.pid }],
    );
  }
  if (sse) {
    const open = () => openLegacySse(sse.url, { timeoutMs });
    systems.push([SYSTEMS.supergatewaySse, { open, openConcurrent: open, cpuPid: sse.pid }]);
  }
  const overStreamable = streamable && ((): Promise<LightSession> => openStreamableHttp(streamable.url, { timeoutMs }));
  if (streamable && overStreamable) systems.push([SYSTEMS.supergatewayHttp, { open: overStreamable, openConcurrent: overStreamable, cpuPid: streamable.pid }]);

  for (const [label, results] of await measureInRounds(systems, SETTINGS.rounds)) m.calls.set(label, results);

  console.log("  session starts…");
  m.starts.push(await timeSessionStarts(SYSTEMS.direct, stdio));
  if (overStreamable) m.starts.push(await timeSessionStarts(SYSTEMS.supergatewayHttp, overStreamable));
  if (gateway && viaGateway) await gatewayExtras(gateway, viaGateway.http(gateway.perSession), viaGateway.socket(gateway.perSession));
  await Promise.all(peers.map((peer) => peer.stop()));

  const { table, problems } = callsTable(m);
  console.log(`\n${table}`);
  console.log(`
calls: attempted in all rounds (* = a round stopped at its ${(SETTINGS.maxScenarioMs / 1000 / SETTINGS.rounds).toFixed(1)} s limit); calls/s: successful calls per second in the median round.
wrong: replies with another request's text, or to no request in flight on that session; lost: no reply within ${timeoutMs / 1000} s, or the stream ended first.
vs direct / vs sg SSE: calls/s ÷ calls/s of direct stdio / of supergateway SSE in the same scenario.
vs bare: gateway HTTP ÷ bare node:http proxy, gateway WebSocket ÷ bare ws proxy, in the same scenario.
8 sessions: gateway on its shareable deployment (one server process); direct stdio and supergateway streamable HTTP one process per session; supergateway SSE and the bare proxies one process.`);
  if (problems.length > 0) console.log(`\nproblems:\n${problems.map((p) => `  ${p}`).join("\n")}`);
  console.log(`\nCPU of the process between client and server (all its threads, from /proc; its server processes not counted), per successful call, in the median round:\n${cpuTable(m)}`);
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
