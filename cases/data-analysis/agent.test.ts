/** The data-analysis case end to end: golden transcripts and evals (runner/agents/test/case-suite.ts). */
import { describeCase } from "../../runner/agents/test/case-suite.ts";
import { dataAnalysisCase } from "./index.ts";

describeCase(dataAnalysisCase);
