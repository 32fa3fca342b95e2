"use client";
import { type Draft, emptyDraft, initialDraft } from "../../../server/bench/forms/form-draft.ts";
import type { FormField } from "../../../server/bench/forms/schema-to-form.ts";

interface FieldProps {
  field: FormField;
  draft: Draft;
  onChange: (draft: Draft) => void;
  /** The property name, or undefined at the root. */
  name?: string;
  required: boolean;
  /** Unique id prefix for labels. */
  id: string;
  errors: ReadonlyMap<string, string>;
  path: string;
}

/** The form generated from a tool's input schema (see server/bench/forms). */
export function SchemaForm(props: { field: FormField; draft: Draft; onChange: (draft: Draft) => void; idPrefix: string; errors: ReadonlyMap<string, string> }) {
  return (
    <div className="schema-form">
      <FieldInput field={props.field} draft={props.draft} onChange={props.onChange} required id={props.idPrefix} errors={props.errors} path="" />
    </div>
  );
}

function typeHint(field: FormField): string {
  switch (field.kind) {
    case "string":
      return field.format ? `string · ${field.format}` : "string";
    case "number":
    case "integer": {
      const range = field.minimum !== undefined || field.maximum !== undefined ? ` · ${field.minimum ?? "−∞"}…${field.maximum ?? "∞"}` : "";
      return `${field.kind}${range}`;
    }
    case "choice":
      return "one of";
    case "json":
      return "JSON";
    case "const":
      return "constant";
    default:
      return field.kind;
  }
}

function FieldInput(props: FieldProps) {
  const { field, draft, onChange, name, required, id, errors, path } = props;
  const error = errors.get(path);
  const isNull = "isNull" in draft && draft.isNull === true;
  // The name labels the input itself (so "message" names the message box); the rest is a hint.
  const head = (labelsInput: boolean) =>
    name ? (
      <span className="field-head">
        {labelsInput ? (
          <label htmlFor={id} className="field-name mono">
            {name}
          </label>
        ) : (
          <span className="field-name mono">{name}</span>
        )}
        {required ? <span className="req">required</span> : <span className="opt">optional</span>}
        <span className="type">{typeHint(field)}</span>
        {field.nullable ? (
          <span className="null-toggle">
            <input type="checkbox" id={`${id}-null`} checked={isNull} onChange={(e) => onChange({ ...draft, isNull: e.target.checked } as Draft)} />
            <label htmlFor={`${id}-null`}>null</label>
          </span>
        ) : null}
      </span>
    ) : null;
  const help = (
    <>
      {field.title && name && field.title !== name ? <span className="field-title">{field.title}</span> : null}
      {field.description ? <span className="field-desc">{field.description}</span> : null}
      {error ? (
        <span className="field-error" role="alert">
          {error}
        </span>
      ) : null}
    </>
  );

  if (isNull) {
    return (
      <div className="field">
        {head(false)}
        <span className="muted mono">null</span>
        {help}
      </div>
    );
  }

  switch (field.kind) {
    case "object": {
      if (draft.kind !== "object") return null;
      const inner = field.properties.map((p) => (
        <FieldInput
          key={p.name}
          field={p.field}
          draft={draft.fields[p.name] ?? emptyDraft(p.field)}
          onChange={(next) => onChange({ ...draft, fields: { ...draft.fields, [p.name]: next } })}
          name={p.name}
          required={p.required}
          id={`${id}-${p.name}`}
          errors={errors}
          path={path ? `${path}.${p.name}` : p.name}
        />
      ));
      if (!name) return <>{field.properties.length ? inner : <p className="muted">This tool takes no arguments.</p>}</>;
      return (
        <fieldset className="field object">
          <legend>{head(false)}</legend>
          {help}
          {inner}
        </fieldset>
      );
    }
    case "array": {
      if (draft.kind !== "array") return null;
      return (
        <fieldset className="field array">
          <legend>{head(false) ?? "items"}</legend>
          {help}
          <ol className="array-items">
            {draft.items.map((item, index) => (
              <li key={index}>
                <FieldInput
                  field={field.items}
                  draft={item}
                  onChange={(next) => onChange({ ...draft, items: draft.items.map((d, i) => (i === index ? next : d)) })}
                  name={`${name ?? "item"}[${index}]`}
                  required
                  id={`${id}-${index}`}
                  errors={errors}
                  path={`${path}[${index}]`}
                />
                <button type="button" className="icon" aria-label={`Remove ${name ?? "item"} ${index + 1}`} onClick={() => onChange({ ...draft, items: draft.items.filter((_, i) => i !== index) })}>
                  ×
                </button>
              </li>
            ))}
          </ol>
          <button type="button" className="link" onClick={() => onChange({ ...draft, items: [...draft.items, initialDraft(field.items)] })}>
            + Add {name ? `to ${name}` : "item"}
          </button>
        </fieldset>
      );
    }
    case "choice": {
      if (draft.kind !== "choice") return null;
      const variant = field.variants[draft.variant];
      return (
        <fieldset className="field choice">
          <legend>{head(false)}</legend>
          {help}
          <select aria-label={`${name ?? "value"}: variant`} value={draft.variant} onChange={(e) => onChange({ ...draft, variant: Number(e.target.value) })}>
            {field.variants.map((v, i) => (
              <option key={i} value={i}>
                {v.label}
              </option>
            ))}
          </select>
          {variant ? (
            <FieldInput
              field={variant.field}
              draft={draft.values[draft.variant] ?? emptyDraft(variant.field)}
              onChange={(next) => onChange({ ...draft, values: draft.values.map((d, i) => (i === draft.variant ? next : d)) })}
              required={required}
              id={`${id}-v${draft.variant}`}
              errors={errors}
              path={path}
            />
          ) : null}
        </fieldset>
      );
    }
    default:
      return (
        <div className="field">
          {head(true)}
          <ScalarInput field={field} draft={draft} onChange={onChange} id={id} required={required} invalid={Boolean(error)} />
          {help}
        </div>
      );
  }
}

function ScalarInput({ field, draft, onChange, id, required, invalid }: { field: FormField; draft: Draft; onChange: (d: Draft) => void; id: string; required: boolean; invalid: boolean }) {
  const placeholder = field.hasDefault ? `default: ${JSON.stringify(field.default)}` : undefined;
  switch (field.kind) {
    case "string":
      if (draft.kind !== "text") return null;
      return field.multiline ? (
        <textarea id={id} value={draft.text} onChange={(e) => onChange({ ...draft, text: e.target.value })} rows={4} placeholder={placeholder} aria-invalid={invalid} />
      ) : (
        <input id={id} value={draft.text} onChange={(e) => onChange({ ...draft, text: e.target.value })} placeholder={placeholder ?? field.format} aria-invalid={invalid} autoComplete="off" />
      );
    case "number":
    case "integer":
      if (draft.kind !== "text") return null;
      return <input id={id} className="mono narrow-input" value={draft.text} inputMode={field.kind === "integer" ? "numeric" : "decimal"} onChange={(e) => onChange({ ...draft, text: e.target.value })} placeholder={placeholder} aria-invalid={invalid} autoComplete="off" />;
    case "boolean":
      if (draft.kind !== "bool") return null;
      return required ? (
        <input id={id} type="checkbox" checked={draft.value === true} onChange={(e) => onChange({ ...draft, value: e.target.checked })} />
      ) : (
        <select id={id} value={draft.value === null ? "" : String(draft.value)} onChange={(e) => onChange({ ...draft, value: e.target.value === "" ? null : e.target.value === "true" })}>
          <option value="">— not sent —</option>
          <option value="true">true</option>
          <option value="false">false</option>
        </select>
      );
    case "enum":
      if (draft.kind !== "pick") return null;
      return (
        <select id={id} value={draft.index ?? ""} onChange={(e) => onChange({ ...draft, index: e.target.value === "" ? null : Number(e.target.value) })} aria-invalid={invalid}>
          <option value="">{required ? "— choose —" : "— not sent —"}</option>
          {field.options.map((o, i) => (
            <option key={i} value={i}>
              {o.label}
            </option>
          ))}
        </select>
      );
    case "const":
      if (draft.kind !== "fixed") return null;
      return (
        <span className="const-value">
          {required ? null : <input type="checkbox" id={id} checked={draft.include} onChange={(e) => onChange({ ...draft, include: e.target.checked })} />}
          <code>{JSON.stringify(field.value)}</code>
        </span>
      );
    case "json":
      if (draft.kind !== "text") return null;
      return (
        <>
          <textarea id={id} className="mono" value={draft.text} onChange={(e) => onChange({ ...draft, text: e.target.value })} rows={3} placeholder="JSON" aria-invalid={invalid} spellCheck={false} />
          <span className="muted small-print">Raw JSON: {field.reason}</span>
        </>
      );
    default:
      return null;
  }
}
