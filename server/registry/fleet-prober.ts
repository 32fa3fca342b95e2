import { AgentClient } from "../fleet/agent-client.ts";
import { liveNodes } from "../fleet/fleet-service.ts";
import { AppError } from "../errors.ts";
import type { Runtime } from "../runtime-registry.ts";
import type { Prober } from "./publish.ts";

/** Probes on the least loaded live node agent, as the web tier finds them in the engine. */
export function fleetProber(runtime: Runtime): Prober {
  return {
    async probe(request) {
      const nodes = await liveNodes(runtime);
      const node = nodes.sort((a, b) => a.load / a.capacity - b.load / b.capacity)[0];
      if (!node) throw new AppError("BAD_REQUEST", "no node agent is running to probe the component: start one, then publish again");
      return new AgentClient(node.address, runtime.agentToken).probe(request);
    },
  };
}
