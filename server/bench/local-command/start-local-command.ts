import { randomBytes, randomUUID } from "node:crypto";
import { DEFAULT_PATH, findProgram } from "../../../runner/agent/local-command.ts";
import type { ServedDeployment } from "../../../runner/gateway/gateway.ts";
import { RUNTIME_META_KEY } from "../../../runner/protocol/server-json.ts";
import { endpointsOf } from "../../deployments/tenant-deployments.ts";
import { AppError } from "../../errors.ts";
import { AgentClient } from "../../fleet/agent-client.ts";
import { liveNodes } from "../../fleet/fleet-service.ts";
import type { Runtime } from "../../runtime-registry.ts";
import { ephemeralCommands } from "./ephemeral-commands.ts";
import { type LocalCommand, commandLine } from "./local-command-spec.ts";

export interface StartedCommand {
  /** The ephemeral deployment's name: the bench connects to /mcp/<name> on the gateway, like a hosted one. */
  deployment: string;
  commandLine: string;
  endpoints: { mcp: string; sse: string; ws: string };
}

/** Why a command did not start, in words, and the last lines it wrote to stderr. */
export interface CommandFailure {
  message: string;
  stderrTail: string[];
}

/**
 * How long a command runs without its tab renewing it. The bench renews every 30 s; a browser
 * may slow a hidden tab's timers to one a minute, so the lease allows for several late renewals.
 */
export const COMMAND_LEASE_MS = 3 * 60_000;
const REAP_EVERY_MS = 30_000;

/**
 * Starts a user's stdio command as an ephemeral deployment of the tenant, on this machine's
 * agent (in its sandbox and limits, as any deployment), and waits for it to answer initialize. A
 * command that cannot start is removed again and reported with its stderr. Only local mode runs
 * commands: a saas installation must never start what a browser asks for.
 */
export async function startLocalCommand(runtime: Runtime, request: { tenantId: string; actor: string; command: LocalCommand }): Promise<StartedCommand> {
  if (runtime.config.mode !== "local") {
    throw new AppError("FORBIDDEN", "local stdio commands run only in local mode (SWITCHYARD_MODE=local): this installation is in saas mode; connect to a hosted deployment or a remote URL instead");
  }
  const { tenantId, command } = request;
  const searchPath = command.env.PATH ?? DEFAULT_PATH;
  if (!findProgram(command.command, searchPath)) {
    const failure: CommandFailure = { message: `there is no program ${command.command} (check the path, or that it is on the PATH ${searchPath})`, stderrTail: [] };
    throw new AppError("BAD_REQUEST", `${commandLine(command)} did not start: ${failure.message}`, { details: { commandFailure: failure } });
  }
  const name = `bench-local-${randomBytes(4).toString("hex")}`;
  const deployment: ServedDeployment = {
    id: `bench-${randomUUID()}`,
    name,
    manifest: {
      name: "local.bench/command",
      description: commandLine(command),
      version: "0.0.0",
      _meta: { [RUNTIME_META_KEY]: { trust: "untrusted", network: true } },
    },
    values: { config: {}, secrets: { ...command.env } },
    command: { command: command.command, args: command.args, ...(command.cwd ? { cwd: command.cwd } : {}) },
    pool: { min: 1, max: 4 },
    stopped: false,
  };
  const nodes = await liveNodes(runtime);
  if (nodes.length === 0) throw new AppError("BAD_REQUEST", "no node agent is running to start the command: restart `npm start`");
  ephemeralCommands().add(tenantId, deployment, Date.now() + COMMAND_LEASE_MS);
  stopAbandonedCommandsEvery(runtime, REAP_EVERY_MS);
  try {
    await Promise.all(nodes.map((node) => new AgentClient(node.address, runtime.agentToken).deploy(deployment)));
  } catch (error) {
    await stopOnNodes(runtime, deployment.id);
    ephemeralCommands().remove(tenantId, name);
    const failure = describeFailure((error as Error).message, Object.values(command.env));
    throw new AppError("BAD_REQUEST", `${commandLine(command)} did not start: ${failure.message}`, { details: { commandFailure: failure } });
  }
  await runtime.database.prisma.auditEvent.create({
    // The environment's names only: its values are secrets.
    data: { tenantId, actor: request.actor, action: "bench.command.start", target: `deployment:${name}`, data: { command: command.command, args: command.args, env: Object.keys(command.env) } },
  });
  runtime.log.info({ deployment: name, command: command.command }, "bench started a local command");
  return { deployment: name, commandLine: commandLine(command), endpoints: endpointsOf(runtime, name) };
}

/** Stops a command the bench started and forgets it; false when the tenant has no such command. */
export async function stopLocalCommand(runtime: Runtime, request: { tenantId: string; deployment: string }): Promise<boolean> {
  const removed = ephemeralCommands().remove(request.tenantId, request.deployment);
  if (!removed) return false;
  await stopOnNodes(runtime, removed.id);
  return true;
}

/** Renews the lease of a command whose tab is still open; false when the tenant has no such command. */
export function keepLocalCommand(request: { tenantId: string; deployment: string }, now = Date.now()): boolean {
  return ephemeralCommands().keep(request.tenantId, request.deployment, now + COMMAND_LEASE_MS);
}

/** Stops the commands whose tab stopped renewing their lease by `now`; returns their names. */
export async function stopAbandonedCommands(runtime: Runtime, now = Date.now()): Promise<string[]> {
  const expired = ephemeralCommands().takeExpired(now);
  await Promise.all(expired.map((deployment) => stopOnNodes(runtime, deployment.id)));
  for (const deployment of expired) runtime.log.info({ deployment: deployment.name }, "stopped a local command: its bench tab stopped renewing it");
  return expired.map((deployment) => deployment.name);
}

function stopAbandonedCommandsEvery(runtime: Runtime, everyMs: number): void {
  const commands = ephemeralCommands();
  if (commands.reaper) return;
  commands.reaper = setInterval(() => {
    stopAbandonedCommands(runtime).catch((error: unknown) => runtime.log.warn({ err: error }, "could not stop abandoned local commands"));
  }, everyMs);
  commands.reaper.unref();
}

async function stopOnNodes(runtime: Runtime, deploymentId: string): Promise<void> {
  const nodes = await liveNodes(runtime);
  await Promise.all(nodes.map((node) => new AgentClient(node.address, runtime.agentToken).undeploy(deploymentId).catch(() => undefined)));
}

const STDERR_PART = / \(stderr: (.*)\)$/s;

/**
 * The agent reports "… could not start a server: <why> (stderr: a | b)": the words and the lines
 * apart. Values of the environment never come back, even if the program printed them.
 */
export function describeFailure(raw: string, secrets: string[]): CommandFailure {
  const hide = (text: string) => secrets.filter((s) => s.length >= 4).reduce((out, secret) => out.split(secret).join("***"), text);
  const match = STDERR_PART.exec(raw);
  const said = (match ? raw.slice(0, match.index) : raw).replace(/^deployment bench-local-[0-9a-f]+ could not start a server: /, "");
  const missing = /spawn (\S+) ENOENT/.exec(said);
  const words = missing ? `there is no program ${missing[1]}` : said;
  return { message: hide(words), stderrTail: match ? match[1]!.split(" | ").map(hide) : [] };
}
