/**
 * First Switchyard benchmark: echo calls to @modelcontextprotocol/server-everything over direct
 * stdio (the ceiling) and through the gateway (streamable HTTP), plus session start times, all
 * in one run on one machine, printed as ratios against the direct baseline.
 * See bench/README.md. Traffic goes only to 127.0.0.1 and to child processes.
 */
import { randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import os from "node:os";
import { performance } from "node:perf_hooks";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { startGatewayHarness } from "../runner/gateway/test/harness.ts";
import { createKey } from "../server/keys/keys-service.ts";
import WebSocket from "ws";
import { StdioProcess } from "../runner/agent/stdio-process.ts";
import { fmt, fmtDelta, fmtMiB, formatTable, percentile } from "./stats.ts";

const CALLS = envInt("BENCH_CALLS", 2000);
const CONCURRENCY = envInt("BENCH_CONCURRENCY", 16);
const MAX_MS = envInt("BENCH_MAX_SECONDS", 20) * 1000;
const SESSION_SAMPLES = 10;
const WARMUP_CALLS = Math.min(100, CALLS);
const CALL_TIMEOUT_MS = 10_000;

const require = createRequire(import.meta.url);
const EVERYTHING = require.resolve("@modelcontextprotocol/server-everything/dist/index.js");

/** What one scenario did: latencies are of successful replies only, in ms. */
interface Run {
  attempted: number;
  planned: number;
  errors: number;
  mismatches: number;
  latencies: number[];
  seconds: number;
  cpuMicros: number;
}

/**
 * The SDK's HTTP client passes one AbortSignal to every fetch, and undici only drops its listener
 * when the Request is garbage collected, so after ~1500 calls on one session Node warns on every
 * further call. Those warnings are counted and reported once; other warnings still print.
 */
let abortListenerWarnings = 0;
process.removeAllListeners("warning");
process.on("warning", (warning) => {
  if (warning.name === "MaxListenersExceededWarning" && warning.message.includes("abort listeners")) abortListenerWarnings++;
  else console.error(`(node) ${warning.name}: ${warning.message}`);
});

function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

function replyText(result: unknown): string | undefined {
  const first = (result as { content?: Array<{ type?: string; text?: string }> }).content?.[0];
  return first?.type === "text" ? first.text : undefined;
}

/** Calls the echo tool with `message` and resolves with the reply's text. */
type EchoCall = (message: string) => Promise<string | undefined>;

const sdkEcho = (client: Client): EchoCall => async (message) =>
  replyText(await client.callTool({ name: "echo", arguments: { message } }, undefined, { timeout: CALL_TIMEOUT_MS }));

/**
 * A light WebSocket client: one socket, JSON-RPC ids matched by hand. It shows what the gateway
 * itself costs, where the SDK's HTTP client would be the bottleneck (~3k calls/s here).
 */
async function connectWebSocket(url: string, key: string): Promise<{ echo: EchoCall; close: () => Promise<void> }> {
  const socket = new WebSocket(url, ["mcp"], { headers: { authorization: `Bearer ${key}` } });
  await new Promise((resolve, reject) => {
    socket.once("open", resolve);
    socket.once("error", reject);
  });
  const client = lightClient((line) => socket.send(line));
  socket.on("message", (data) => client.receive(data.toString()));
  await client.initialize();
  return { echo: client.echo, close: async () => socket.close() };
}

/** The same light client straight on the server's stdio: the ceiling for the light-client rows. */
async function connectDirectLight(): Promise<{ echo: EchoCall; close: () => Promise<void> }> {
  const child = new StdioProcess({ command: process.execPath, args: [EVERYTHING, "stdio"], env: {}, cwd: process.cwd() });
  const client = lightClient((line) => child.send(line));
  child.onLine = client.receive;
  await client.initialize();
  return { echo: client.echo, close: () => child.stop("bench") };
}

/** JSON-RPC by hand over any line channel: ids matched in a map, server messages ignored. */
function lightClient(sendLine: (line: string) => void) {
  const waiting = new Map<number, (text: string | undefined) => void>();
  let nextId = 1;
  const request = (method: string, params: unknown) =>
    new Promise<string | undefined>((resolve) => {
      const id = nextId++;
      waiting.set(id, resolve);
      sendLine(JSON.stringify({ jsonrpc: "2.0", id, method, params }));
    });
  return {
    receive(line: string): void {
      const reply = JSON.parse(line) as { id?: number; method?: string; result?: unknown };
      if (reply.method !== undefined || typeof reply.id !== "number") return;
      waiting.get(reply.id)?.(reply.result === undefined ? undefined : replyText(reply.result));
      waiting.delete(reply.id);
    },
    async initialize(): Promise<void> {
      await request("initialize", { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "switchyard-bench", version: "1" } });
      sendLine(JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }));
    },
    echo: ((message) => request("tools/call", { name: "echo", arguments: { message } })) as EchoCall,
  };
}

/** `total` echo calls with `inFlight` workers on one session; stops early after MAX_MS. */
async function runCalls(echo: EchoCall, label: string, inFlight: number, total = CALLS): Promise<Run> {
  const run: Run = { attempted: 0, planned: total, errors: 0, mismatches: 0, latencies: [], seconds: 0, cpuMicros: 0 };
  const tag = `${label}-${randomBytes(4).toString("hex")}`;
  const started = performance.now();
  const deadline = started + MAX_MS;
  const cpu = process.cpuUsage();
  const worker = async (): Promise<void> => {
    while (run.attempted < total && performance.now() < deadline) {
      const message = `${tag}-${run.attempted++}`;
      const t0 = performance.now();
      try {
        const text = await echo(message);
        run.latencies.push(performance.now() - t0);
        if (text !== `Echo: ${message}`) run.mismatches++;
      } catch {
        run.errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  run.seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  run.cpuMicros = used.user + used.system;
  return run;
}

/** One session: warm-up calls, then the sequential and the concurrent run, then it is closed. */
async function sequentialAndConcurrent(tag: string, open: () => Promise<{ echo: EchoCall; close: () => Promise<void> }>): Promise<[Run, Run]> {
  const session = await open();
  try {
    await runCalls(session.echo, "warm", 1, WARMUP_CALLS);
    return [await runCalls(session.echo, `${tag}s`, 1), await runCalls(session.echo, `${tag}c`, CONCURRENCY)];
  } finally {
    await session.close();
  }
}

/** Times `open` (a new session) SESSION_SAMPLES times, closing each before the next. */
async function timeSessionStarts(open: () => Promise<() => Promise<void>>): Promise<Run> {
  const run: Run = { attempted: 0, planned: SESSION_SAMPLES, errors: 0, mismatches: 0, latencies: [], seconds: 0, cpuMicros: 0 };
  const started = performance.now();
  while (run.attempted < SESSION_SAMPLES && performance.now() < started + MAX_MS) {
    run.attempted++;
    const t0 = performance.now();
    try {
      const close = await open();
      run.latencies.push(performance.now() - t0);
      await close();
    } catch {
      run.errors++;
    }
  }
  run.seconds = (performance.now() - started) / 1000;
  return run;
}

async function connectDirect(): Promise<Client> {
  const client = new Client({ name: "switchyard-bench", version: "1.0.0" });
  const transport = new StdioClientTransport({ command: process.execPath, args: [EVERYTHING, "stdio"], stderr: "ignore" });
  try {
    await client.connect(transport, { timeout: CALL_TIMEOUT_MS });
  } catch (error) {
    await transport.close().catch(() => {});
    throw error;
  }
  return client;
}

/** A gateway session; the returned close ends it with DELETE so its process stops at once. */
async function connectGateway(url: string, key: string): Promise<{ client: Client; close: () => Promise<void> }> {
  const client = new Client({ name: "switchyard-bench", version: "1.0.0" });
  const transport = new StreamableHTTPClientTransport(new URL(`${url}/mcp/everything`), {
    requestInit: { headers: { Authorization: `Bearer ${key}` } },
  });
  const close = async (): Promise<void> => {
    await transport.terminateSession().catch(() => {});
    await client.close().catch(() => {});
  };
  try {
    await client.connect(transport, { timeout: CALL_TIMEOUT_MS });
  } catch (error) {
    await close();
    throw error;
  }
  return { client, close };
}

function callRow(name: string, run: Run, base?: Run): string[] {
  const rate = run.latencies.length / run.seconds;
  const p50 = percentile(run.latencies, 50);
  const p99 = percentile(run.latencies, 99);
  const early = run.attempted < run.planned ? "*" : "";
  const row = [name, `${run.attempted}${early}`, fmt(rate, 0), fmt(p50, 3), fmt(p99, 3), `${run.errors}/${run.mismatches}`];
  if (!base) return [...row, "baseline", "", ""];
  const baseRate = base.latencies.length / base.seconds;
  const added = (p: number) => fmtDelta(percentile(run.latencies, p) - percentile(base.latencies, p), 3);
  return [...row, `x${fmt(rate / baseRate, 3)}`, added(50), added(99)];
}

function sessionRow(name: string, run: Run, base?: Run): string[] {
  const p50 = percentile(run.latencies, 50);
  const early = run.attempted < run.planned ? "*" : "";
  const row = [name, `${run.attempted}${early}`, "-", fmt(p50, 1), fmt(percentile(run.latencies, 99), 1), `${run.errors}/0`];
  if (!base) return [...row, "baseline", "", ""];
  const baseP50 = percentile(base.latencies, 50);
  return [...row, `x${fmt(baseP50 / p50, 3)}`, fmtDelta(p50 - baseP50, 1), ""];
}

const perCall = (run: Run) => fmt(run.cpuMicros / Math.max(1, run.attempted), 0);

async function main(): Promise<void> {
  const hardLimit = setTimeout(() => {
    console.error("bench: hard time limit reached; exiting");
    process.exit(2);
  }, 8 * MAX_MS + 60_000);
  hardLimit.unref();

  console.log(`Switchyard bench — node ${process.version}, ${os.cpus().length} CPUs, ${os.platform()}/${os.arch()}`);
  console.log(`calls/scenario ${CALLS}, concurrency ${CONCURRENCY}, max ${MAX_MS / 1000}s/scenario, warm-up ${WARMUP_CALLS} calls (not counted)`);
  console.log(`server: node ${EVERYTHING} stdio\n`);
  const rssStart = process.memoryUsage().rss;

  console.log("1/3 direct stdio…");
  const [directSeq, directConc] = await sequentialAndConcurrent("d", async () => {
    const client = await connectDirect();
    return { echo: sdkEcho(client), close: () => client.close() };
  });
  const [lightSeq, lightConc] = await sequentialAndConcurrent("l", connectDirectLight);
  const directStart = await timeSessionStarts(async () => {
    const client = await connectDirect();
    return () => client.close();
  });

  console.log("2/3 gateway (starting harness)…");
  const harness = await startGatewayHarness();
  let gatewaySeq: Run, gatewayConc: Run, gatewayStart: Run, wsSeq: Run, wsConc: Run, rssHarness: number, rssAfter: number;
  try {
    rssHarness = process.memoryUsage().rss;
    // The demo key's 600 calls a minute would stop the bench; its own key has a high limit.
    const { key } = await createKey({ db: harness.db, tenantId: harness.tenantA.id, name: "bench", scopes: ["*"], rateLimitPerMinute: 10_000_000, actor: "bench" });
    [gatewaySeq, gatewayConc] = await sequentialAndConcurrent("g", async () => {
      const session = await connectGateway(harness.url, key);
      return { echo: sdkEcho(session.client), close: session.close };
    });
    [wsSeq, wsConc] = await sequentialAndConcurrent("w", () => connectWebSocket(`${harness.url.replace("http", "ws")}/ws/everything`, key));
    rssAfter = process.memoryUsage().rss;
    console.log("3/3 session start…");
    gatewayStart = await timeSessionStarts(async () => (await connectGateway(harness.url, key)).close);
    console.log(`(database ${harness.database.kind}, engine ${harness.engine.kind})\n`);
  } finally {
    await harness.close();
  }

  const headers = ["scenario", "calls", "calls/s", "p50 ms", "p99 ms", "err/mismatch", "ratio vs direct", "+p50 ms", "+p99 ms"];
  console.log(
    formatTable(headers, [
      callRow("direct stdio, sequential", directSeq),
      callRow(`direct stdio, ${CONCURRENCY} in flight`, directConc),
      callRow("gateway HTTP, sequential", gatewaySeq, directSeq),
      callRow(`gateway HTTP, ${CONCURRENCY} in flight`, gatewayConc, directConc),
      callRow("direct stdio, light client, sequential", lightSeq),
      callRow(`direct stdio, light client, ${CONCURRENCY} in flight`, lightConc),
      callRow("gateway WebSocket, light client, sequential", wsSeq, lightSeq),
      callRow(`gateway WebSocket, light client, ${CONCURRENCY} in flight`, wsConc, lightConc),
      sessionRow("session start, direct (spawn+init)", directStart),
      sessionRow("session start, gateway (init, warm pool)", gatewayStart, directStart),
    ]),
  );
  console.log(`
ratio vs direct: gateway calls/s ÷ direct calls/s in the same mode and with the same kind of client (SDK or light);
for session start, direct p50 ÷ gateway p50.
+p50/+p99: latency the gateway adds over direct stdio. * = stopped at the ${MAX_MS / 1000}s limit before all calls ran.
err/mismatch: failed calls / replies whose text was not "Echo: <the unique message sent>".

CPU of this process per call (µs, user+system; the gateway runs in this process too):
  direct stdio (client only):   sequential ${perCall(directSeq)}, ${CONCURRENCY} in flight ${perCall(directConc)}
  gateway (client + gateway):   sequential ${perCall(gatewaySeq)}, ${CONCURRENCY} in flight ${perCall(gatewayConc)}
  Both include the SDK client's own work; the server processes' CPU is not counted.
RSS of this process: start ${fmtMiB(rssStart)}, gateway harness up ${fmtMiB(rssHarness)}, after gateway calls ${fmtMiB(rssAfter)}`);
  if (abortListenerWarnings > 0) {
    console.log(`note: ${abortListenerWarnings} MaxListenersExceededWarning(s) on the SDK HTTP client's AbortSignal (client side, not the gateway) were suppressed.`);
  }
}

await main();
