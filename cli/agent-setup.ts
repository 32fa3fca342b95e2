import path from "node:path";
import { describeIsolation, detectIsolation } from "../runner/agent/isolation/detect.ts";
import { withDefaultLimits } from "../runner/agent/isolation/limits.ts";
import type { AgentIsolation } from "../runner/agent/node-agent.ts";
import type { Config } from "../server/config/config.ts";
import { say } from "./terminal.ts";

/** Processes one node agent runs at most, across all its deployments. */
export const AGENT_CAPACITY = 64;

/**
 * What this host can isolate, printed for the operator, as the node agent's isolation settings:
 * default limits, work dirs under the data dir, and the sandbox required in saas mode.
 */
export async function agentIsolation(config: Config): Promise<AgentIsolation> {
  const support = await detectIsolation();
  say(`isolation: ${describeIsolation(support)}`);
  if (support.level !== "sandbox") say("warning: no bubblewrap sandbox here (apt-get install bubblewrap): untrusted components run without one in local mode");
  return {
    support,
    limits: withDefaultLimits(),
    workRoot: path.join(config.dataDir, "work"),
    requireSandbox: config.mode === "saas",
  };
}
