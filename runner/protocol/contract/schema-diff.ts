import { canonicalJson } from "./canonical-json.ts";
import { kindOf, type ChangeSite, type ContractChange, type Direction, type Effect } from "./change.ts";
import {
  ANNOTATION_KEYWORDS,
  foldNullable,
  isSchemaObject,
  propertiesOf,
  requiredOf,
  resolveLocalRef,
  type JsonSchema,
} from "./json-schema.ts";
import { CONSTRAINT_KEYWORDS, constraintChanges, type ConstraintChange } from "./schema-constraints.ts";

interface SchemaScope extends ChangeSite {
  direction: Direction;
  /** The argument or output field being compared, e.g. "filter.since" or "tags[]"; "" at the root. */
  field: string;
  roots: { previous: JsonSchema; next: JsonSchema };
  /** $ref pairs already being compared further up, so a recursive schema is walked once. */
  followedRefs: ReadonlySet<string>;
}

const SLOT_KEYWORDS = ["items", "additionalProperties"] as const;
type SlotKeyword = (typeof SLOT_KEYWORDS)[number];

/** Compared elsewhere ($defs through the references that use them) or carrying no contract ($schema, $id). */
const CLASSIFIED_KEYWORDS = new Set([
  ...CONSTRAINT_KEYWORDS,
  ...ANNOTATION_KEYWORDS,
  ...SLOT_KEYWORDS,
  "properties",
  "required",
  "default",
  "$ref",
  "$defs",
  "definitions",
  "$schema",
  "$id",
]);

/** Compares a tool's input or output schema, recursing through properties, items and local $refs. */
export function diffRootSchemas(
  previous: JsonSchema,
  next: JsonSchema,
  site: ChangeSite & { direction: Direction },
): ContractChange[] {
  return diffSchemas(previous, next, { ...site, field: "", roots: { previous, next }, followedRefs: new Set() });
}

function diffSchemas(previous: unknown, next: unknown, scope: SchemaScope): ContractChange[] {
  if (!isSchemaObject(previous) || !isSchemaObject(next)) {
    // Boolean schemas (true/false) and malformed ones: only equality can be judged.
    const same = canonicalJson(previous) === canonicalJson(next);
    return same ? [] : [constraintChange(scope, { keyword: "", effect: "changed", phrase: "schema changed" })];
  }
  if (typeof previous.$ref === "string" || typeof next.$ref === "string") return diffReferences(previous, next, scope);
  return diffResolvedSchemas(foldNullable(previous), foldNullable(next), scope);
}

function diffResolvedSchemas(previous: JsonSchema, next: JsonSchema, scope: SchemaScope): ContractChange[] {
  return [
    ...constraintChanges(previous, next).map((change) => constraintChange(scope, change)),
    ...diffProperties(previous, next, scope),
    ...SLOT_KEYWORDS.flatMap((keyword) => diffSlot(keyword, previous, next, scope)),
    ...diffDefault(previous, next, scope),
    ...diffUnclassified(previous, next, scope),
    ...diffAnnotations(previous, next, scope),
  ];
}

function diffReferences(previous: JsonSchema, next: JsonSchema, scope: SchemaScope): ContractChange[] {
  const before = inlineLocalRef(previous, scope.roots.previous);
  const after = inlineLocalRef(next, scope.roots.next);
  const previousRef = typeof previous.$ref === "string" ? previous.$ref : undefined;
  const nextRef = typeof next.$ref === "string" ? next.$ref : undefined;
  if (before === undefined || after === undefined) {
    // A reference outside this document cannot be looked into: only the reference itself is compared.
    if (previousRef === nextRef) return [];
    const phrase = `now refers to ${nextRef ?? "an inline schema"} instead of ${previousRef ?? "an inline schema"}`;
    return [constraintChange(scope, { keyword: "$ref", effect: "changed", phrase })];
  }
  const pair = `${previousRef ?? "inline"} -> ${nextRef ?? "inline"}`;
  if (scope.followedRefs.has(pair)) return [];
  return diffSchemas(before, after, { ...scope, followedRefs: new Set([...scope.followedRefs, pair]) });
}

/** The schema with a local `$ref` replaced by its target (sibling keywords kept); undefined if it cannot be resolved. */
function inlineLocalRef(schema: JsonSchema, root: JsonSchema): JsonSchema | undefined {
  if (typeof schema.$ref !== "string") return schema;
  const target = resolveLocalRef(schema.$ref, root);
  if (target === undefined) return undefined;
  const { $ref: _resolved, ...siblings } = schema;
  return { ...target, ...siblings };
}

function diffProperties(previous: JsonSchema, next: JsonSchema, scope: SchemaScope): ContractChange[] {
  const before = propertiesOf(previous);
  const after = propertiesOf(next);
  const requiredBefore = requiredOf(previous);
  const requiredAfter = requiredOf(next);
  const changes: ContractChange[] = [];
  for (const name of sortedUnion(before.keys(), after.keys())) {
    const inner = childScope(scope, `.properties.${name}`, scope.field === "" ? name : `${scope.field}.${name}`);
    if (!after.has(name)) changes.push({ kind: "breaking", path: inner.path, message: `${scope.subject}: ${labelOf(inner)} was removed` });
    else if (!before.has(name)) changes.push(propertyAdded(inner, requiredAfter.has(name)));
    else changes.push(...diffSchemas(before.get(name), after.get(name), inner));
  }
  for (const name of sortedUnion(requiredBefore, requiredAfter)) {
    // An added or removed property has been reported above, required or not.
    if (before.has(name) !== after.has(name) || requiredBefore.has(name) === requiredAfter.has(name)) continue;
    const inner = childScope(scope, `.properties.${name}`, scope.field === "" ? name : `${scope.field}.${name}`);
    const nowRequired = requiredAfter.has(name);
    const change: ConstraintChange = nowRequired
      ? { keyword: "", effect: "narrowed", phrase: "is now required" }
      : { keyword: "", effect: "widened", phrase: "is now optional" };
    changes.push(constraintChange(inner, change));
  }
  return changes;
}

function propertyAdded(scope: SchemaScope, required: boolean): ContractChange {
  if (scope.direction === "output") {
    return { kind: "compatible", path: scope.path, message: `${scope.subject}: new output field "${scope.field}"` };
  }
  return required
    ? { kind: "breaking", path: scope.path, message: `${scope.subject}: new required argument "${scope.field}"` }
    : { kind: "compatible", path: scope.path, message: `${scope.subject}: new optional argument "${scope.field}"` };
}

type Slot = { kind: "any" } | { kind: "none" } | { kind: "schema"; schema: JsonSchema } | { kind: "other"; value: unknown };

/** `items` and `additionalProperties`: absent or true allows anything, false nothing, a schema what it describes. */
function slotOf(value: unknown): Slot {
  if (value === undefined || value === true) return { kind: "any" };
  if (value === false) return { kind: "none" };
  return isSchemaObject(value) ? { kind: "schema", schema: value } : { kind: "other", value };
}

function diffSlot(keyword: SlotKeyword, previous: JsonSchema, next: JsonSchema, scope: SchemaScope): ContractChange[] {
  const before = slotOf(previous[keyword]);
  const after = slotOf(next[keyword]);
  const field = keyword === "items" ? `${scope.field}[]` : `${scope.field}.*`;
  if (before.kind === "schema" && after.kind === "schema") {
    return diffSchemas(before.schema, after.schema, childScope(scope, `.${keyword}`, field));
  }
  if (before.kind === "other" || after.kind === "other") {
    // Tuple-style `items: [...]`: compared as a whole.
    const same = canonicalJson(previous[keyword]) === canonicalJson(next[keyword]);
    return same ? [] : [constraintChange(scope, { keyword, effect: "changed", phrase: `${keyword} changed` })];
  }
  if (before.kind === after.kind) return [];
  const noun = keyword === "items" ? "array items" : "additional properties";
  const effect: Effect = before.kind === "any" || after.kind === "none" ? "narrowed" : "widened";
  const phrase =
    after.kind === "none"
      ? `no longer allows ${noun}`
      : after.kind === "any"
        ? `now allows ${noun} of any shape`
        : before.kind === "any"
          ? `now restricts ${noun} to a schema`
          : `now allows ${noun} matching a schema`;
  return [constraintChange(scope, { keyword, effect, phrase })];
}

/** A new default changes what callers that omit the argument get, without rejecting any call. */
function diffDefault(previous: JsonSchema, next: JsonSchema, scope: SchemaScope): ContractChange[] {
  const before = previous.default === undefined ? "none" : canonicalJson(previous.default);
  const after = next.default === undefined ? "none" : canonicalJson(next.default);
  if (before === after) return [];
  const message = `${scope.subject}: ${labelOf(scope)} default changed from ${before} to ${after}`;
  return [{ kind: "compatible", path: `${scope.path}.default`, message }];
}

/** A keyword this check does not understand (not, if/then, patternProperties...) is assumed to break callers. */
function diffUnclassified(previous: JsonSchema, next: JsonSchema, scope: SchemaScope): ContractChange[] {
  return sortedUnion(Object.keys(previous), Object.keys(next))
    .filter((keyword) => !CLASSIFIED_KEYWORDS.has(keyword))
    .filter((keyword) => canonicalJson(previous[keyword]) !== canonicalJson(next[keyword]))
    .map((keyword) =>
      constraintChange(scope, { keyword, effect: "changed", phrase: `${keyword} changed, which is not checked automatically` }),
    );
}

function diffAnnotations(previous: JsonSchema, next: JsonSchema, scope: SchemaScope): ContractChange[] {
  return [...ANNOTATION_KEYWORDS]
    .filter((keyword) => canonicalJson(previous[keyword]) !== canonicalJson(next[keyword]))
    .map((keyword) => ({
      kind: "cosmetic",
      path: `${scope.path}.${keyword}`,
      message: `${scope.subject}: ${labelOf(scope)} ${keyword} changed`,
    }));
}

function constraintChange(scope: SchemaScope, change: ConstraintChange): ContractChange {
  return {
    kind: kindOf(change.effect, scope.direction),
    path: change.keyword === "" ? scope.path : `${scope.path}.${change.keyword}`,
    message: `${scope.subject}: ${labelOf(scope)} ${change.phrase}`,
  };
}

function childScope(scope: SchemaScope, pathSuffix: string, field: string): SchemaScope {
  return { ...scope, path: `${scope.path}${pathSuffix}`, field };
}

function labelOf(scope: SchemaScope): string {
  if (scope.direction === "input") return scope.field === "" ? "input schema" : `argument "${scope.field}"`;
  return scope.field === "" ? "output schema" : `output field "${scope.field}"`;
}

function sortedUnion(a: Iterable<string>, b: Iterable<string>): string[] {
  return [...new Set([...a, ...b])].sort();
}
