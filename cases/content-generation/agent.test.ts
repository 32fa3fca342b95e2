/** The content-generation case end to end: golden transcripts and evals (runner/agents/test/case-suite.ts). */
import { describeCase } from "../../runner/agents/test/case-suite.ts";
import { contentGenerationCase } from "./index.ts";

describeCase(contentGenerationCase);
