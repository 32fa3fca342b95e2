import type { CaseDefinition } from "./case.ts";
import { contentGenerationCase } from "./content-generation/index.ts";
import { customerServiceCase } from "./customer-service/index.ts";
import { dataAnalysisCase } from "./data-analysis/index.ts";
import { personalAssistantCase } from "./personal-assistant/index.ts";
import { type ModelScript, modelScriptSchema } from "../runner/agents/scripted/script.ts";
import type { ServerJson } from "../runner/protocol/server-json.ts";

/** The cases of the gallery, in the order it shows them. */
export const CASES: readonly CaseDefinition[] = [customerServiceCase, contentGenerationCase, dataAnalysisCase, personalAssistantCase];

/** Every case's model scripts by id, validated: the scripted model's registry. */
export function caseScripts(): ReadonlyMap<string, ModelScript> {
  const scripts = new Map<string, ModelScript>();
  for (const c of CASES) {
    for (const script of c.scripts) {
      if (scripts.has(script.id)) throw new Error(`two cases define the model script ${script.id}`);
      scripts.set(script.id, modelScriptSchema.parse(script));
    }
  }
  return scripts;
}

/** The manifests of the cases' servers, for the catalog that `npm start` publishes. */
export function caseManifests(projectRoot: string): ServerJson[] {
  return CASES.flatMap((c) => c.deployments.map((d) => d.manifest(projectRoot)));
}
