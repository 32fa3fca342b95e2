/**
 * The processes the load client talks to: the Switchyard gateway (bench/gateway-server.ts),
 * supergateway 4.x in SSE or stateful streamable-HTTP mode, and issue 5's bare proxies
 * (bench/bare-proxies.mjs), each on a free 127.0.0.1 port and each a child of its own whose CPU
 * time /proc can tell.
 */
import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { GatewayReady, MemoryReport } from "./gateway-server.ts";
import { spawnTracked, stopChild } from "./children.ts";
import { EVERYTHING } from "./settings.ts";
import { freePort } from "../runner/test-support/cli-process.ts";

export interface Peer {
  pid: number;
  stop(): Promise<void>;
}

export interface GatewayPeer extends Peer, GatewayReady {
  /** The child's RSS and heap after GC. */
  memory(): Promise<MemoryReport>;
}

export interface SupergatewayPeer extends Peer {
  /** The SSE stream (`sse` mode) or the streamable-HTTP endpoint (`streamableHttp` mode). */
  url: string;
}

export interface BareProxiesPeer extends Peer {
  /** POST a JSON-RPC message here (any path). */
  httpUrl: string;
  /** WebSocket upgrades, subprotocol `mcp` (any path). */
  wsUrl: string;
}

const STARTUP_MS = 60_000;

export async function startGateway(): Promise<GatewayPeer> {
  const script = path.join(import.meta.dirname, "gateway-server.ts");
  const child = spawnTracked(process.execPath, ["--expose-gc", "--import", "tsx", script], { stdio: ["ignore", "pipe", "pipe", "ipc"] });
  const stderr = lastLines(child);
  try {
    const ready = await firstLine(child, STARTUP_MS).then((line) => JSON.parse(line) as GatewayReady);
    return { ...ready, pid: child.pid!, memory: () => askMemory(child), stop: () => stopChild(child) };
  } catch (error) {
    await stopChild(child);
    throw new Error(`the gateway child did not start: ${(error as Error).message}\n${stderr()}`);
  }
}

export async function startSupergateway(mode: "sse" | "streamableHttp"): Promise<SupergatewayPeer> {
  const port = await freePort();
  const server = `"${process.execPath}" "${EVERYTHING}" stdio`;
  const modeArgs = mode === "sse" ? ["--outputTransport", "sse"] : ["--outputTransport", "streamableHttp", "--stateful"];
  // Its per-message info logging would dominate its cost; the bench measures it at its quietest.
  const args = [supergatewayBin(), "--stdio", server, "--port", String(port), ...modeArgs, "--logLevel", "none", "--healthEndpoint", "/healthz"];
  // stdin stays a pipe: if this bench dies, supergateway sees it close and stops its children.
  const child = spawnTracked(process.execPath, args, { stdio: ["pipe", "ignore", "pipe"] });
  const stderr = lastLines(child);
  const base = `http://127.0.0.1:${port}`;
  try {
    await pollUntilHealthy(`${base}/healthz`, child, STARTUP_MS);
  } catch (error) {
    await stopChild(child);
    throw new Error(`supergateway (${mode}) did not start: ${(error as Error).message}\n${stderr()}`);
  }
  return { pid: child.pid!, url: `${base}${mode === "sse" ? "/sse" : "/mcp"}`, stop: () => stopChild(child, 7000) };
}

export async function startBareProxies(): Promise<BareProxiesPeer> {
  const port = await freePort();
  const script = path.join(import.meta.dirname, "bare-proxies.mjs");
  // stdin stays a pipe, as for supergateway: if this bench dies, the proxies see it close and stop.
  const child = spawnTracked(process.execPath, [script, String(port), EVERYTHING], { stdio: ["pipe", "pipe", "pipe"] });
  const stderr = lastLines(child);
  try {
    const line = await firstLine(child, STARTUP_MS);
    if (line !== `ready ${port}`) throw new Error(`unexpected first line: ${line}`);
  } catch (error) {
    await stopChild(child);
    throw new Error(`the bare proxies did not start: ${(error as Error).message}\n${stderr()}`);
  }
  return { pid: child.pid!, httpUrl: `http://127.0.0.1:${port}/mcp`, wsUrl: `ws://127.0.0.1:${port}/ws`, stop: () => stopChild(child) };
}

function supergatewayBin(): string {
  const manifest = createRequire(import.meta.url).resolve("supergateway/package.json");
  const { bin } = JSON.parse(fs.readFileSync(manifest, "utf8")) as { bin: Record<string, string> };
  return path.join(path.dirname(manifest), bin.supergateway!);
}

async function pollUntilHealthy(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`it exited (${child.exitCode ?? child.signalCode})`);
    const healthy = await fetch(url, { signal: AbortSignal.timeout(1000) }).then((res) => res.ok, () => false);
    if (healthy) return;
    await sleep(100);
  }
  throw new Error(`${url} not healthy within ${timeoutMs / 1000} s`);
}

function firstLine(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = "";
    const timer = setTimeout(() => reject(new Error(`no ready line within ${timeoutMs / 1000} s`)), timeoutMs);
    const stdout = child.stdout!.setEncoding("utf8");
    const onData = (chunk: string) => {
      buffer += chunk;
      const end = buffer.indexOf("\n");
      if (end === -1) return;
      clearTimeout(timer);
      stdout.off("data", onData).resume();
      resolve(buffer.slice(0, end));
    };
    stdout.on("data", onData);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`it exited (${code ?? signal})`));
    });
  });
}

function askMemory(child: ChildProcess): Promise<MemoryReport> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the gateway child did not report its memory")), 30_000);
    child.once("message", (report) => {
      clearTimeout(timer);
      resolve(report as MemoryReport);
    });
    child.send("memory");
  });
}

/** Keeps a child's last stderr lines, to explain why it failed. */
function lastLines(child: ChildProcess, keep = 20): () => string {
  const lines: string[] = [];
  child.stderr!.setEncoding("utf8");
  child.stderr!.on("data", (chunk: string) => {
    lines.push(...chunk.split("\n").filter(Boolean));
    lines.splice(0, Math.max(0, lines.length - keep));
  });
  return () => lines.join("\n");
}
