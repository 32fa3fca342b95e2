import type { Draft } from "./form-draft.ts";
import type { FormField } from "./schema-to-form.ts";

/** A problem that keeps the form from producing a value, at a path such as "address.zip" or "tags[2]". */
export interface FieldError {
  path: string;
  message: string;
}

export interface FormValue {
  /** undefined: the field is left out of the arguments. */
  value: unknown;
  errors: FieldError[];
}

/**
 * The JSON a draft stands for. Optional fields left empty are left out (an optional string left
 * empty is not sent as ""; a required one is); a required number, choice or JSON value left
 * empty is reported. Only what cannot be
 * turned into JSON at all is an error here — whether the value satisfies the schema (ranges,
 * patterns, lengths) is for the schema validator, so a user can still send a value the server
 * should refuse, to see how it does.
 */
export function draftToValue(field: FormField, draft: Draft | undefined, path = "", required = true): FormValue {
  const out: FieldError[] = [];
  const value = convert(field, draft, path, required, out);
  return { value, errors: out };
}

function convert(field: FormField, draft: Draft | undefined, path: string, required: boolean, out: FieldError[]): unknown {
  const missing = () => {
    if (required) out.push({ path, message: "required" });
    return undefined;
  };
  if (!draft) return missing();
  if ("isNull" in draft && draft.isNull) return null;
  switch (field.kind) {
    case "string":
      if (draft.kind !== "text") return mismatch(path, out);
      return draft.text === "" && !required ? undefined : draft.text;
    case "number":
    case "integer": {
      if (draft.kind !== "text") return mismatch(path, out);
      const text = draft.text.trim();
      if (text === "") return missing();
      const number = Number(text);
      if (!Number.isFinite(number)) {
        out.push({ path, message: `expected a number, got "${draft.text}"` });
        return undefined;
      }
      if (field.kind === "integer" && !Number.isInteger(number)) {
        out.push({ path, message: `expected a whole number, got ${text}` });
        return undefined;
      }
      return number;
    }
    case "json": {
      if (draft.kind !== "text") return mismatch(path, out);
      if (draft.text.trim() === "") return missing();
      try {
        return JSON.parse(draft.text);
      } catch (error) {
        out.push({ path, message: `not valid JSON: ${(error as Error).message}` });
        return undefined;
      }
    }
    case "boolean":
      if (draft.kind !== "bool") return mismatch(path, out);
      return draft.value === null ? missing() : draft.value;
    case "enum": {
      if (draft.kind !== "pick") return mismatch(path, out);
      const option = draft.index === null ? undefined : field.options[draft.index];
      return option ? option.value : missing();
    }
    case "const":
      if (draft.kind !== "fixed") return mismatch(path, out);
      return required || draft.include ? field.value : undefined;
    case "object": {
      if (draft.kind !== "object") return mismatch(path, out);
      // An optional object is sent only once something in it was entered; its required
      // fields count from then on.
      if (!required && !field.properties.some((p) => convert(p.field, draft.fields[p.name], "", false, []) !== undefined)) return undefined;
      const result: Record<string, unknown> = {};
      for (const property of field.properties) {
        const child = convert(property.field, draft.fields[property.name], join(path, property.name), property.required, out);
        if (child !== undefined) result[property.name] = child;
      }
      return !required && Object.keys(result).length === 0 ? undefined : result;
    }
    case "array": {
      if (draft.kind !== "array") return mismatch(path, out);
      if (!required && draft.items.length === 0) return undefined;
      return draft.items.map((item, index) => convert(field.items, item, `${path}[${index}]`, true, out));
    }
    case "choice": {
      if (draft.kind !== "choice") return mismatch(path, out);
      const variant = field.variants[draft.variant];
      return variant ? convert(variant.field, draft.values[draft.variant], path, required, out) : missing();
    }
  }
}

function mismatch(path: string, out: FieldError[]): undefined {
  out.push({ path, message: "the form's state does not match the schema; reset the form" });
  return undefined;
}

function join(path: string, name: string): string {
  return path === "" ? name : `${path}.${name}`;
}
