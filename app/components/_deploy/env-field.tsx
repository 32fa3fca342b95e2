import type { EnvironmentVariable } from "../types.ts";

/**
 * One environment variable of the package as a form field: a select when it has choices, a
 * password input when it is secret (the value is sealed on the server and never sent back).
 */
export function EnvField({ variable, value, error, onChange }: { variable: EnvironmentVariable; value: string; error: string | undefined; onChange: (value: string) => void }) {
  const id = `env-${variable.name}`;
  const required = variable.isRequired === true && variable.default === undefined;
  const common = {
    id,
    name: variable.name,
    "aria-invalid": Boolean(error),
    "aria-describedby": variable.description ? `${id}-help` : undefined,
    "aria-required": required,
  };
  return (
    <div className="mk-field" data-variable={variable.name}>
      <label htmlFor={id} className="mk-field-label">
        <code>{variable.name}</code>
        {required ? <span className="mk-chip mk-required-chip">required</span> : <span className="mk-chip">optional</span>}
        {variable.isSecret ? <span className="mk-chip mk-secret-chip">secret</span> : null}
      </label>
      {variable.choices && variable.choices.length > 0 ? (
        <select {...common} value={value} onChange={(e) => onChange(e.target.value)}>
          <option value="">{variable.default !== undefined ? `Default (${variable.default})` : required ? "Choose…" : "Not set"}</option>
          {variable.choices.map((choice) => (
            <option key={choice} value={choice}>
              {choice}
            </option>
          ))}
        </select>
      ) : (
        <input
          {...common}
          type={variable.isSecret ? "password" : "text"}
          autoComplete={variable.isSecret ? "new-password" : "off"}
          spellCheck={false}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          placeholder={variable.default !== undefined ? `default: ${variable.default}` : variable.isSecret ? "stored encrypted, never shown again" : ""}
        />
      )}
      {variable.description ? (
        <div id={`${id}-help`} className="mk-field-help muted">
          {variable.description}
        </div>
      ) : null}
      {error ? (
        <div className="mk-field-error" role="alert" data-testid={`error-values.${variable.name}`}>
          {error}
        </div>
      ) : null}
    </div>
  );
}
