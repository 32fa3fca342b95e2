import type { ModelResolver } from "../../runner/agents/agent-runtime.ts";
import { endpointModel, scriptedModel } from "../../runner/agents/models.ts";
import type { ModelScript } from "../../runner/agents/scripted/script.ts";
import { caseScripts } from "../../cases/index.ts";
import type { Runtime } from "../runtime-registry.ts";
import { openModelEndpoint } from "./model-endpoints.ts";

let scripts: ReadonlyMap<string, ModelScript> | undefined;

/** The model scripts the product knows: the cases' (validated once, at first use). */
export function knownScripts(): ReadonlyMap<string, ModelScript> {
  scripts ??= caseScripts();
  return scripts;
}

/** Scripted models from the cases' scripts; endpoint models with the tenant's sealed key. */
export function productModels(runtime: Runtime): ModelResolver {
  return async (spec, { tenantId }) => {
    if (spec.provider === "scripted") return scriptedModel(knownScripts(), spec.script);
    const endpoint = await openModelEndpoint(runtime, tenantId, spec.endpoint);
    return endpointModel({ baseUrl: endpoint.baseUrl, apiKey: endpoint.apiKey, model: spec.model });
  };
}
