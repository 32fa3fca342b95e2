import { draftToValue } from "./form-value.ts";
import { sameJson } from "./same-json.ts";
import type { FormField } from "./schema-to-form.ts";

/**
 * What a form holds while the user types: text stays text (so "-" or "1." can be on the way to a
 * number), unset stays distinguishable from empty, and a union keeps what was typed into each
 * variant so switching back and forth loses nothing. `isNull` is the "null" switch of a nullable
 * field.
 */
export type Draft =
  | { kind: "text"; text: string; isNull?: boolean }
  | { kind: "bool"; value: boolean | null; isNull?: boolean }
  | { kind: "pick"; index: number | null; isNull?: boolean }
  | { kind: "fixed"; include: boolean }
  | { kind: "object"; fields: Record<string, Draft>; isNull?: boolean }
  | { kind: "array"; items: Draft[]; isNull?: boolean }
  | { kind: "choice"; variant: number; values: Draft[]; isNull?: boolean };

/** A draft with nothing entered. */
export function emptyDraft(field: FormField): Draft {
  switch (field.kind) {
    case "string":
    case "number":
    case "integer":
    case "json":
      return { kind: "text", text: "" };
    case "boolean":
      return { kind: "bool", value: null };
    case "enum":
      return { kind: "pick", index: null };
    case "const":
      return { kind: "fixed", include: false };
    case "object":
      return { kind: "object", fields: Object.fromEntries(field.properties.map((p) => [p.name, emptyDraft(p.field)])) };
    case "array":
      return { kind: "array", items: [] };
    case "choice":
      return { kind: "choice", variant: 0, values: field.variants.map((v) => emptyDraft(v.field)) };
  }
}

/** The draft a form starts with: the schema's defaults filled in, required booleans off. */
export function initialDraft(field: FormField, required = true): Draft {
  if (field.hasDefault) return draftFromValue(field, field.default);
  switch (field.kind) {
    case "boolean":
      return { kind: "bool", value: required ? false : null };
    case "const":
      return { kind: "fixed", include: required };
    case "object":
      // A required boolean inside an optional object starts unset, so the object stays unsent.
      return { kind: "object", fields: Object.fromEntries(field.properties.map((p) => [p.name, initialDraft(p.field, required && p.required)])) };
    case "choice":
      return { kind: "choice", variant: 0, values: field.variants.map((v) => initialDraft(v.field, required)) };
    default:
      return emptyDraft(field);
  }
}

/** A value (from raw JSON, or a default) put into the form; parts that do not fit stay as text. */
export function draftFromValue(field: FormField, value: unknown): Draft {
  if (value === null && field.nullable) return { ...emptyDraft(field), isNull: true } as Draft;
  switch (field.kind) {
    case "string":
      return { kind: "text", text: typeof value === "string" ? value : value === undefined ? "" : JSON.stringify(value) };
    case "number":
    case "integer":
      return { kind: "text", text: value === undefined ? "" : typeof value === "number" ? String(value) : JSON.stringify(value) };
    case "json":
      return { kind: "text", text: value === undefined ? "" : JSON.stringify(value, null, 2) };
    case "boolean":
      return { kind: "bool", value: typeof value === "boolean" ? value : null };
    case "enum": {
      const index = field.options.findIndex((o) => sameJson(o.value, value));
      return { kind: "pick", index: index === -1 ? null : index };
    }
    case "const":
      return { kind: "fixed", include: value !== undefined };
    case "object": {
      const given = typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
      return {
        kind: "object",
        fields: Object.fromEntries(field.properties.map((p) => [p.name, p.name in given ? draftFromValue(p.field, given[p.name]) : emptyDraft(p.field)])),
      };
    }
    case "array":
      return { kind: "array", items: Array.isArray(value) ? value.map((item) => draftFromValue(field.items, item)) : [] };
    case "choice": {
      const fitting = field.variants.findIndex((v) => fits(v.field, value));
      const variant = fitting === -1 ? 0 : fitting;
      return { kind: "choice", variant, values: field.variants.map((v, i) => (i === variant ? draftFromValue(v.field, value) : emptyDraft(v.field))) };
    }
  }
}

/** Whether a value survives a trip through the form unchanged (so raw JSON can switch to the form). */
export function fits(field: FormField, value: unknown): boolean {
  const converted = draftToValue(field, draftFromValue(field, value));
  return converted.errors.length === 0 && sameJson(converted.value, value);
}
