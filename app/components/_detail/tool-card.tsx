import type { ContractTool } from "../types.ts";
import { SchemaTable } from "./schema-table.tsx";

const HINTS: Array<[keyof NonNullable<ContractTool["annotations"]>, string, string]> = [
  ["readOnlyHint", "read-only", "does not modify its environment"],
  ["destructiveHint", "destructive", "may perform destructive updates"],
  ["idempotentHint", "idempotent", "calling it again with the same arguments has no further effect"],
  ["openWorldHint", "open world", "interacts with external entities"],
];

/** One tool: name, hints and description; its argument table and schemas when opened. */
export function ToolCard({ tool }: { tool: ContractTool }) {
  const hints = HINTS.filter(([key]) => tool.annotations?.[key] === true);
  const title = tool.title ?? tool.annotations?.title;
  return (
    <details className="mk-tool" data-tool={tool.name}>
      <summary>
        <span className="mk-tool-name mono">{tool.name}</span>
        {title && title !== tool.name ? <span className="mk-tool-title">{title}</span> : null}
        <span className="mk-hints">
          {hints.map(([key, label, meaning]) => (
            <span key={key} className={`mk-hint mk-hint-${key}`} title={meaning}>
              {label}
            </span>
          ))}
        </span>
        {tool.description ? <span className="mk-tool-description">{tool.description}</span> : null}
      </summary>
      <div className="mk-tool-body">
        <h4>Arguments</h4>
        <SchemaTable schema={tool.inputSchema} label="Arguments" />
        {tool.outputSchema ? (
          <>
            <h4>Output</h4>
            <SchemaTable schema={tool.outputSchema} label="Output" />
          </>
        ) : null}
        {tool.annotations && Object.keys(tool.annotations).length > 0 ? (
          <>
            <h4>Annotations</h4>
            <pre className="mk-annotations">{JSON.stringify(tool.annotations, null, 2)}</pre>
          </>
        ) : null}
      </div>
    </details>
  );
}
