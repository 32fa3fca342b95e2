import { z } from "zod";
import { agentEvalsInput, runAgentEvals } from "../agents/agent-evals.ts";
import { jsonBody, keyRoute } from "./json-route.ts";

type Params<T> = { params: Promise<T> };

const agentId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, { error: "expected an agent id, e.g. customer-service" });

/**
 * POST /api/v1/agents/{id}/evals  { suite, runs? } → the eval report: pass rates per check and per
 * case (`switchyard check --agent`). A management API call: a tenant key with the "*" scope.
 */
export function runAgentEvalsRoute(request: Request, { params }: Params<{ id: string }>): Promise<Response> {
  return keyRoute(async ({ runtime, caller }) => {
    const id = agentId.parse((await params).id);
    const input = agentEvalsInput.parse(await jsonBody(request));
    return runAgentEvals(runtime, { tenantId: caller.tenantId, agentId: id, input });
  })(request);
}
