/**
 * Node agent benchmark: session start from a warm pool vs a cold spawn, the agent's cost on the
 * call path vs the bare child process, and memory per idle warm process. Every figure is a ratio
 * against a baseline measured in this run (see bench/README.md).
 */
import os from "node:os";
import path from "node:path";
import pino from "pino";
import { McpUpstream } from "../runner/agent/mcp-upstream.ts";
import { procUsage } from "../runner/agent/proc-usage.ts";
import { type ProcessSpec, processSpecFromManifest } from "../runner/agent/process-spec.ts";
import { StdioProcess } from "../runner/agent/stdio-process.ts";
import { DEFAULT_POOL_SETTINGS, WarmPool } from "../runner/agent/warm-pool.ts";
import { everythingManifest } from "../server/seed/catalog.ts";
import { fmt, fmtMiB, formatTable, percentile } from "./stats.ts";

const ROOT = path.resolve(import.meta.dirname, "..");
const SAMPLES = Number(process.env.BENCH_SESSIONS ?? 10);
const CALLS = Number(process.env.BENCH_CALLS ?? 2000);
const IN_FLIGHT = Number(process.env.BENCH_CONCURRENCY ?? 16);
const spec = processSpecFromManifest(everythingManifest(ROOT), { config: {}, secrets: {} }, ROOT);
const log = pino({ level: "silent" });

async function coldStarts(): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const started = performance.now();
    const upstream = new McpUpstream(spec, "bench");
    await upstream.initialize(10_000);
    times.push(performance.now() - started);
    await upstream.stop("bench");
  }
  return times;
}

async function warmLeases(): Promise<{ times: number[]; idleRss: number[] }> {
  const pool = new WarmPool("bench", spec, { ...DEFAULT_POOL_SETTINGS, min: SAMPLES, max: SAMPLES * 2 }, log);
  await pool.start();
  while (pool.status().ready < SAMPLES) await new Promise((resolve) => setTimeout(resolve, 50));
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const idleRss = pool.processes().map((p) => procUsage(p.process.pid)?.rssBytes ?? Number.NaN);
  const times: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const started = performance.now();
    await pool.lease();
    times.push(performance.now() - started);
  }
  await pool.stop();
  return { times, idleRss };
}

type Reply = { id?: unknown; method?: string; result?: { content?: Array<{ text?: string }> } };
type Channel = { send: (message: object) => void; close: () => Promise<void> };

/**
 * Sends `CALLS` echo calls with `inFlight` outstanding. Both channels take and give parsed
 * messages, as the gateway does, so each side serializes and parses once per message.
 */
async function echoLoop(open: (onMessage: (message: Reply) => void) => Promise<Channel>, inFlight: number) {
  let next = 1;
  let done = 0;
  let resolveAll!: () => void;
  const finished = new Promise<void>((resolve) => (resolveAll = resolve));
  const request = (id: number) => ({ jsonrpc: "2.0", id, method: "tools/call", params: { name: "echo", arguments: { message: `m${id}` } } });
  let mismatches = 0;
  const channel = await open((reply) => {
    // Only answers count: the server may also ask things of the client (roots/list, say).
    if (reply.method !== undefined || typeof reply.id !== "number") return;
    if (reply.result?.content?.[0]?.text !== `Echo: m${reply.id}`) mismatches++;
    done++;
    if (next <= CALLS) channel.send(request(next++));
    if (done === CALLS) resolveAll();
  });
  const started = performance.now();
  while (next <= Math.min(inFlight, CALLS)) channel.send(request(next++));
  await finished;
  const seconds = (performance.now() - started) / 1000;
  await channel.close();
  return { callsPerSecond: CALLS / seconds, mismatches };
}

const bareChild = async (onMessage: (message: Reply) => void): Promise<Channel> => {
  const child = new StdioProcess(spec);
  const ready = new Promise<void>((resolve) => {
    child.onLine = (reply) => (reply.includes('"id":0') ? resolve() : undefined);
  });
  child.send(JSON.stringify({ jsonrpc: "2.0", id: 0, method: "initialize", params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "bench", version: "1" } } }));
  await ready;
  child.send(JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }));
  child.onLine = (line) => onMessage(JSON.parse(line));
  return { send: (message) => void child.send(JSON.stringify(message)), close: () => child.stop("bench") };
};

const throughAgent = async (onMessage: (message: Reply) => void): Promise<Channel> => {
  const upstream = new McpUpstream(spec, "bench");
  await upstream.initialize(10_000);
  const port = upstream.mux.attach();
  port.onMessage = onMessage as (message: object) => void;
  return { send: (message) => void port.send(message as never), close: () => upstream.stop("bench") };
};

console.log(`Switchyard agent bench — node ${process.version}, ${os.cpus().length} CPUs, ${fmtMiB(os.totalmem())} RAM`);
console.log(`server: ${spec.args.join(" ")}; ${SAMPLES} session starts, ${CALLS} echo calls per loop\n`);
const cold = await coldStarts();
const warm = await warmLeases();
const rows: string[][] = [
  ["session start, cold (spawn + initialize)", fmt(percentile(cold, 50), 2), fmt(percentile(cold, 99), 2), "baseline"],
  ["session start, warm lease from the pool", fmt(percentile(warm.times, 50), 3), fmt(percentile(warm.times, 99), 3), `${fmt(percentile(cold, 50) / percentile(warm.times, 50), 0)}x faster`],
];
console.log(formatTable(["scenario", "p50 ms", "p99 ms", "vs cold"], rows));

const loops: string[][] = [];
for (const inFlight of [1, IN_FLIGHT]) {
  const bare = await echoLoop(bareChild, inFlight);
  const agent = await echoLoop(throughAgent, inFlight);
  loops.push([`echo, ${inFlight} in flight, bare child`, fmt(bare.callsPerSecond, 0), String(bare.mismatches), "baseline"]);
  loops.push([`echo, ${inFlight} in flight, through the agent`, fmt(agent.callsPerSecond, 0), String(agent.mismatches), `x${fmt(agent.callsPerSecond / bare.callsPerSecond, 2)}`]);
}
console.log(`\n${formatTable(["scenario", "calls/s", "mismatches", "ratio"], loops)}`);

const rss = percentile(warm.idleRss, 50);
console.log(`\nidle warm process: RSS p50 ${fmtMiB(rss)} (of ${warm.idleRss.length}); about ${Math.floor((os.totalmem() * 0.8) / rss)} fit in 80% of this machine's memory`);
