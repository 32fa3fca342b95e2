"use client";
import { useState } from "react";
import type { Contract } from "../types.ts";
import { ToolCard } from "./tool-card.tsx";

/** What a version offers, as recorded when it was probed at publish. */
export function ContractView({ contract, version }: { contract: Contract | null; version: string }) {
  const [filter, setFilter] = useState("");
  if (!contract) return <p className="notice">{version} has no recorded contract: it was published without a probe.</p>;
  const needle = filter.trim().toLowerCase();
  const tools = needle ? contract.tools.filter((tool) => `${tool.name} ${tool.title ?? ""} ${tool.description ?? ""}`.toLowerCase().includes(needle)) : contract.tools;
  return (
    <div className="mk-contract">
      <div className="mk-section-head">
        <h2>Tools ({contract.tools.length})</h2>
        {contract.tools.length > 6 ? <input type="search" className="mk-filter" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="Filter tools" aria-label="Filter tools" /> : null}
      </div>
      {contract.tools.length === 0 ? <p className="muted">No tools.</p> : null}
      <div className="mk-tools-list" aria-label="Tools">
        {tools.map((tool) => (
          <ToolCard key={tool.name} tool={tool} />
        ))}
        {needle && tools.length === 0 ? <p className="muted">No tool matches “{filter}”.</p> : null}
      </div>

      <h2>Resources ({contract.resources.length})</h2>
      {contract.resources.length === 0 ? (
        <p className="muted">No static resources.</p>
      ) : (
        <div className="table-wrap">
          <table aria-label="Resources">
            <thead>
              <tr>
                <th>URI</th>
                <th>Name</th>
                <th>Type</th>
                <th>Description</th>
              </tr>
            </thead>
            <tbody>
              {contract.resources.map((resource) => (
                <tr key={resource.uri}>
                  <td className="mono">{resource.uri}</td>
                  <td>{resource.name}</td>
                  <td className="mono mk-nowrap">{resource.mimeType ?? "—"}</td>
                  <td>{resource.description ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2>Resource templates ({contract.resourceTemplates.length})</h2>
      {contract.resourceTemplates.length === 0 ? (
        <p className="muted">No resource templates.</p>
      ) : (
        <div className="table-wrap">
          <table aria-label="Resource templates">
            <thead>
              <tr>
                <th>URI template</th>
                <th>Name</th>
                <th>Description</th>
              </tr>
            </thead>
            <tbody>
              {contract.resourceTemplates.map((template) => (
                <tr key={template.uriTemplate}>
                  <td className="mono">{template.uriTemplate}</td>
                  <td>{template.name}</td>
                  <td>{template.description ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2>Prompts ({contract.prompts.length})</h2>
      {contract.prompts.length === 0 ? (
        <p className="muted">No prompts.</p>
      ) : (
        <div className="table-wrap">
          <table aria-label="Prompts">
            <thead>
              <tr>
                <th>Prompt</th>
                <th>Arguments</th>
                <th>Description</th>
              </tr>
            </thead>
            <tbody>
              {contract.prompts.map((prompt) => (
                <tr key={prompt.name}>
                  <td className="mono mk-nowrap">{prompt.name}</td>
                  <td className="mono">
                    {prompt.arguments.length === 0
                      ? "—"
                      : prompt.arguments.map((argument) => (
                          <span key={argument.name} className="mk-arg" title={argument.description}>
                            {argument.name}
                            {argument.required ? <span className="mk-required">*</span> : null}
                          </span>
                        ))}
                  </td>
                  <td>{prompt.description ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {contract.requiredEnvironment.length > 0 ? (
        <>
          <h2>Required environment</h2>
          <ul className="mk-env-required">
            {contract.requiredEnvironment.map((variable) => (
              <li key={variable.name}>
                <code>{variable.name}</code>
                {variable.isSecret ? <span className="mk-chip">secret</span> : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
