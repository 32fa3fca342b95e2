import { CHANNELS } from "../../runner/protocol/channels.ts";
import type { Engine } from "../engine/engine.ts";

/** Tells every gateway that one of the tenant's deployments changed, so none serves it as it was (see DeploymentCache). */
export function announceDeploymentsChanged(engine: Engine, tenantId: string): Promise<void> {
  return engine.publish(CHANNELS.deploymentsChanged, tenantId);
}
