import { canonicalJson } from "./canonical-json.ts";
import type { Effect } from "./change.ts";
import { shapeOf, type JsonSchema } from "./json-schema.ts";

/** A change to one keyword of one schema; the caller knows where the schema is and who writes it. */
export interface ConstraintChange {
  keyword: string;
  effect: Effect;
  /** Completes a sentence about the argument or field, e.g. "maximum lowered from 100 to 50". */
  phrase: string;
}

const ALL_TYPES = ["array", "boolean", "integer", "null", "number", "object", "string"];
const LOWER_BOUNDS = ["minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties"];
const UPPER_BOUNDS = ["maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties"];
/** Constraints whose old and new values cannot be ordered: a different regex is neither wider nor narrower. */
const OPAQUE_CONSTRAINTS = ["pattern", "format", "multipleOf"];
const OPTION_LISTS = ["anyOf", "oneOf"];

export const CONSTRAINT_KEYWORDS = new Set([
  "type",
  "enum",
  "const",
  "uniqueItems",
  "allOf",
  ...LOWER_BOUNDS,
  ...UPPER_BOUNDS,
  ...OPAQUE_CONSTRAINTS,
  ...OPTION_LISTS,
]);

/** The changes to the keywords that restrict a value itself (not its properties or items). */
export function constraintChanges(previous: JsonSchema, next: JsonSchema): ConstraintChange[] {
  return [
    ...typeChanges(previous, next),
    ...allowedValueChanges(previous, next),
    ...boundChanges(previous, next),
    ...opaqueChanges(previous, next),
    ...uniqueItemsChanges(previous, next),
    ...optionChanges(previous, next),
    ...allOfChanges(previous, next),
  ];
}

function typeChanges(previous: JsonSchema, next: JsonSchema): ConstraintChange[] {
  const before = typesOf(previous);
  const after = typesOf(next);
  const lost = before.some((type) => !coversType(after, type));
  const gained = after.some((type) => !coversType(before, type));
  if (!lost && !gained) return [];
  const effect: Effect = lost && gained ? "changed" : lost ? "narrowed" : "widened";
  return [{ keyword: "type", effect, phrase: `type ${effect} from ${typeLabel(previous)} to ${typeLabel(next)}` }];
}

function typesOf(schema: JsonSchema): string[] {
  if (typeof schema.type === "string") return [schema.type];
  if (Array.isArray(schema.type)) return schema.type.filter((type): type is string => typeof type === "string");
  return ALL_TYPES;
}

/** Every integer is a number, so `number` covers `integer`. */
function coversType(types: string[], type: string): boolean {
  return types.includes(type) || (type === "integer" && types.includes("number"));
}

function typeLabel(schema: JsonSchema): string {
  return schema.type === undefined ? "any" : [schema.type].flat().join(" | ");
}

function allowedValueChanges(previous: JsonSchema, next: JsonSchema): ConstraintChange[] {
  const before = allowedValues(previous);
  const after = allowedValues(next);
  const keyword = Array.isArray(previous.enum) || Array.isArray(next.enum) ? "enum" : "const";
  if (before === undefined && after === undefined) return [];
  if (before === undefined) return [{ keyword, effect: "narrowed", phrase: `now only allows ${listOf(after!)}` }];
  if (after === undefined) return [{ keyword, effect: "widened", phrase: `no longer limits its values to ${listOf(before)}` }];
  const removed = before.filter((value) => !after.includes(value));
  const added = after.filter((value) => !before.includes(value));
  return [
    ...(removed.length > 0 ? [{ keyword, effect: "narrowed" as const, phrase: `no longer allows ${listOf(removed)}` }] : []),
    ...(added.length > 0 ? [{ keyword, effect: "widened" as const, phrase: `now also allows ${listOf(added)}` }] : []),
  ];
}

/** The permitted values as canonical JSON, or undefined when any value of the type is allowed. */
function allowedValues(schema: JsonSchema): string[] | undefined {
  if (Array.isArray(schema.enum)) return schema.enum.map(canonicalJson);
  return Object.hasOwn(schema, "const") ? [canonicalJson(schema.const)] : undefined;
}

function listOf(values: string[]): string {
  return values.join(", ");
}

function boundChanges(previous: JsonSchema, next: JsonSchema): ConstraintChange[] {
  const changes: ConstraintChange[] = [];
  for (const keyword of [...LOWER_BOUNDS, ...UPPER_BOUNDS]) {
    const before = numberOrUndefined(previous[keyword]);
    const after = numberOrUndefined(next[keyword]);
    if (before === after) continue;
    const isLower = LOWER_BOUNDS.includes(keyword);
    if (before === undefined) changes.push({ keyword, effect: "narrowed", phrase: `${keyword} of ${after} added` });
    else if (after === undefined) changes.push({ keyword, effect: "widened", phrase: `${keyword} of ${before} removed` });
    else {
      const raised = after > before;
      const effect: Effect = raised === isLower ? "narrowed" : "widened";
      changes.push({ keyword, effect, phrase: `${keyword} ${raised ? "raised" : "lowered"} from ${before} to ${after}` });
    }
  }
  return changes;
}

/** Draft-04 used booleans for exclusiveMinimum/Maximum; only the numeric (2019+) form is compared. */
function numberOrUndefined(value: unknown): number | undefined {
  return typeof value === "number" ? value : undefined;
}

function opaqueChanges(previous: JsonSchema, next: JsonSchema): ConstraintChange[] {
  const changes: ConstraintChange[] = [];
  for (const keyword of OPAQUE_CONSTRAINTS) {
    const before = previous[keyword];
    const after = next[keyword];
    if (canonicalJson(before) === canonicalJson(after)) continue;
    if (before === undefined) changes.push({ keyword, effect: "narrowed", phrase: `${keyword} ${show(after)} added` });
    else if (after === undefined) changes.push({ keyword, effect: "widened", phrase: `${keyword} ${show(before)} removed` });
    else changes.push({ keyword, effect: "changed", phrase: `${keyword} changed from ${show(before)} to ${show(after)}` });
  }
  return changes;
}

function show(value: unknown): string {
  return typeof value === "string" ? `"${value}"` : canonicalJson(value);
}

function uniqueItemsChanges(previous: JsonSchema, next: JsonSchema): ConstraintChange[] {
  const before = previous.uniqueItems === true;
  const after = next.uniqueItems === true;
  if (before === after) return [];
  return after
    ? [{ keyword: "uniqueItems", effect: "narrowed", phrase: "now requires unique items" }]
    : [{ keyword: "uniqueItems", effect: "widened", phrase: "no longer requires unique items" }];
}

/** anyOf/oneOf as sets of options: losing one narrows, gaining one widens. Options are matched by shape. */
function optionChanges(previous: JsonSchema, next: JsonSchema): ConstraintChange[] {
  const changes: ConstraintChange[] = [];
  for (const keyword of OPTION_LISTS) {
    const before = shapesOf(previous[keyword]);
    const after = shapesOf(next[keyword]);
    if (before === undefined && after === undefined) continue;
    if (before === undefined) changes.push({ keyword, effect: "narrowed", phrase: `must now match ${keyword} of ${after!.length} schemas` });
    else if (after === undefined) changes.push({ keyword, effect: "widened", phrase: `no longer has to match ${keyword} of ${before.length} schemas` });
    else {
      for (const shape of before.filter((option) => !after.includes(option))) {
        changes.push({ keyword, effect: "narrowed", phrase: `${keyword} option ${briefly(shape)} removed` });
      }
      for (const shape of after.filter((option) => !before.includes(option))) {
        changes.push({ keyword, effect: "widened", phrase: `${keyword} option ${briefly(shape)} added` });
      }
    }
  }
  return changes;
}

/** allOf is the other way round: each part is one more condition, and no allOf means no condition. */
function allOfChanges(previous: JsonSchema, next: JsonSchema): ConstraintChange[] {
  const before = shapesOf(previous.allOf) ?? [];
  const after = shapesOf(next.allOf) ?? [];
  return [
    ...before
      .filter((part) => !after.includes(part))
      .map((part) => ({ keyword: "allOf", effect: "widened" as const, phrase: `allOf part ${briefly(part)} removed` })),
    ...after
      .filter((part) => !before.includes(part))
      .map((part) => ({ keyword: "allOf", effect: "narrowed" as const, phrase: `allOf part ${briefly(part)} added` })),
  ];
}

function shapesOf(options: unknown): string[] | undefined {
  return Array.isArray(options) ? options.map(shapeOf) : undefined;
}

function briefly(shape: string): string {
  return shape.length <= 80 ? shape : `${shape.slice(0, 77)}...`;
}
