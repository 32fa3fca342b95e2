import { DATA_ANALYSIS_DEPLOYMENT, dataAnalysisAgent } from "./agent.ts";
import { dataAnalysisEvals } from "./evals.ts";
import { dataAnalysisManifest } from "./manifest.ts";
import { dataAnalysisScript } from "./script.ts";
import type { CaseDefinition } from "../case.ts";

export const dataAnalysisCase: CaseDefinition = {
  id: "data-analysis",
  title: "Data analysis",
  summary: "An analyst agent over monthly sales and marketing data: it queries, compares periods, draws the results as charts and ends with a recommendation grounded in the numbers.",
  agent: dataAnalysisAgent,
  scripts: [dataAnalysisScript],
  evals: dataAnalysisEvals,
  deployments: [{ name: DATA_ANALYSIS_DEPLOYMENT, manifest: dataAnalysisManifest }],
  goldenDir: "cases/data-analysis/golden",
  docs: "cases/data-analysis/README.md",
};
