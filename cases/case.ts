import type { AgentDefinitionInput } from "../runner/agents/definition.ts";
import type { EvalSuiteInput } from "../runner/agents/evals/suite.ts";
import type { ModelScriptInput } from "../runner/agents/scripted/script.ts";
import type { ServerJson } from "../runner/protocol/server-json.ts";

/**
 * One vertical demo of the case gallery: its own MCP server(s), published through the catalog,
 * an agent that uses them, the model script that makes the agent deterministic, evals, golden
 * transcripts (one per eval case, in goldenDir/<case id>.json) and a docs page.
 */
export interface CaseDefinition {
  id: string;
  title: string;
  summary: string;
  agent: AgentDefinitionInput;
  scripts: ModelScriptInput[];
  evals: EvalSuiteInput;
  /** The deployments the agent uses: the name each tenant gets and the manifest of the component it runs. */
  deployments: Array<{ name: string; manifest: (projectRoot: string) => ServerJson }>;
  /** Relative to the project root (the web app's bundle has no file paths of its own). */
  goldenDir: string;
  /** The docs page, relative to the project root. */
  docs: string;
}
