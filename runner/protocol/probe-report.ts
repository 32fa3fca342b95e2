import type { ContractSnapshot } from "./contract/snapshot.ts";

/** How one MCP revision went when the runner started a component and spoke that revision to it. */
export interface RevisionProbe {
  revision: string;
  /** The server answered initialize. */
  initialized: boolean;
  /** The revision the server chose; differs from `revision` when it negotiated down or up. */
  negotiated?: string;
  /** Every list its capabilities advertise answered with valid entries. */
  listed: boolean;
  /** What went wrong, in one sentence, when initialize or a list failed. */
  error?: string;
  counts?: { tools: number; resources: number; resourceTemplates: number; prompts: number };
}

/** What the runner learned by installing, starting and probing a component version. */
export interface ProbeReport {
  /** At least one revision initialized and listed cleanly, so a contract was recorded. */
  ok: boolean;
  /** Why the component could not be probed (install, start, initialize), when `ok` is false. */
  failure?: string;
  /** The last lines the server wrote to stderr, for a publisher to see why it failed. */
  stderrTail: string[];
  serverInfo?: { name?: string; version?: string };
  revisions: RevisionProbe[];
  /** The contract from the newest revision that listed cleanly. */
  snapshot?: ContractSnapshot;
  /** The package's README.md, when it has one (capped). */
  readme?: string;
}
