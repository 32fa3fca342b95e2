import { schemaFields } from "./schema-fields.ts";

/** A tool's arguments (or output) as a table, with the raw JSON Schema one click away. */
export function SchemaTable({ schema, label }: { schema: Record<string, unknown>; label: string }) {
  const fields = schemaFields(schema);
  return (
    <div className="mk-schema">
      {fields.length === 0 ? (
        <p className="muted mk-small">No {label === "Arguments" ? "arguments" : "properties"}.</p>
      ) : (
        <table aria-label={label}>
          <thead>
            <tr>
              <th>{label === "Arguments" ? "Argument" : "Property"}</th>
              <th>Type</th>
              <th>Description</th>
            </tr>
          </thead>
          <tbody>
            {fields.map((field) => (
              <tr key={field.name}>
                <td className="mono">
                  {field.name}
                  {field.required ? <span className="mk-required" title="required">*</span> : null}
                </td>
                <td className="mono mk-type">{field.type}</td>
                <td>
                  {field.description ?? <span className="muted">—</span>}
                  {field.notes.length > 0 ? <div className="mk-notes mono">{field.notes.join(" · ")}</div> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <details className="mk-raw">
        <summary>JSON Schema</summary>
        <pre>{JSON.stringify(schema, null, 2)}</pre>
      </details>
    </div>
  );
}
