import { openModelEndpoint } from "../../agents/model-endpoints.ts";
import type { Runtime } from "../../runtime-registry.ts";
import { type ModelStepRequest, runModelStep } from "./model-step.ts";
import type { StepReply } from "./wire.ts";

/** A playground model call for a tenant: its endpoints, opened with its sealed keys. */
export function runPlaygroundStep(runtime: Runtime, options: { tenantId: string; step: Omit<ModelStepRequest, "signal">; signal?: AbortSignal | undefined }): Promise<StepReply> {
  const { step, signal } = options;
  return runModelStep({ ...step, ...(signal ? { signal } : {}) }, (name) => openModelEndpoint(runtime, options.tenantId, name));
}
