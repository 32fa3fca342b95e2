import type { ReactNode } from "react";
import type { Validation } from "../../../server/bench/results/schema-validator.ts";

/**
 * Why a value does not fit its schema, as a warning the user may send past: the schema itself
 * does not compile, or each issue with its path (`root` names the value when the path is empty).
 */
export function SchemaWarning({ check, badSchema, issues, root }: { check: Validation | undefined; badSchema: (reason: string) => ReactNode; issues: ReactNode; root: string }) {
  if (!check || check.ok) return null;
  return (
    <div className="schema-warning" role="status">
      {"badSchema" in check ? (
        badSchema(check.badSchema)
      ) : (
        <>
          {issues}
          <ul>
            {check.issues.map((issue) => (
              <li key={`${issue.path} ${issue.message}`}>
                <code>{issue.path || root}</code> {issue.message}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
