import { describe, expect, it } from "vitest";
import { type Draft, draftFromValue, emptyDraft, fits, initialDraft } from "./form-draft.ts";
import { draftToValue } from "./form-value.ts";
import { formFromSchema } from "./schema-to-form.ts";

const tool = formFromSchema({
  type: "object",
  properties: {
    message: { type: "string" },
    note: { type: "string" },
    count: { type: "integer", default: 3 },
    ratio: { type: "number" },
    loud: { type: "boolean" },
    quiet: { type: "boolean" },
    city: { enum: ["New York", "Chicago"] },
    tags: { type: "array", items: { type: "string" } },
    address: { type: "object", properties: { street: { type: "string" }, zip: { type: "string" } }, required: ["street"] },
    limit: { type: ["integer", "null"] },
  },
  required: ["message", "loud"],
});

describe("initialDraft and draftToValue", () => {
  it("starts from the defaults, with required booleans off and optional fields left out", () => {
    expect(draftToValue(tool, initialDraft(tool))).toEqual({ value: { message: "", count: 3, loud: false }, errors: [] });
  });

  it("turns typed text into numbers and leaves out what was left empty", () => {
    const draft = draftFromValue(tool, { message: "hi", loud: true });
    const fields = (draft as Extract<Draft, { kind: "object" }>).fields;
    fields.ratio = { kind: "text", text: " 2.5 " };
    fields.city = { kind: "pick", index: 1 };
    fields.tags = { kind: "array", items: [{ kind: "text", text: "a" }, { kind: "text", text: "" }] };
    expect(draftToValue(tool, draft)).toEqual({ value: { message: "hi", loud: true, ratio: 2.5, city: "Chicago", tags: ["a", ""] }, errors: [] });
  });

  it("names each field that cannot become JSON", () => {
    const draft = draftFromValue(tool, { message: "hi", loud: true }) as Extract<Draft, { kind: "object" }>;
    draft.fields.count = { kind: "text", text: "2.5" };
    draft.fields.ratio = { kind: "text", text: "abc" };
    draft.fields.address = { kind: "object", fields: { street: { kind: "text", text: "" }, zip: { kind: "text", text: "12345" } } };
    draft.fields.tags = { kind: "array", items: [{ kind: "text", text: "x" }] };
    expect(draftToValue(tool, draft).errors).toEqual([
      { path: "count", message: "expected a whole number, got 2.5" },
      { path: "ratio", message: 'expected a number, got "abc"' },
    ]);
  });

  it("sends an optional object once any of it is filled in, with its required fields", () => {
    const draft = draftFromValue(tool, { message: "hi", loud: true, address: { zip: "12345" } });
    expect(draftToValue(tool, draft)).toEqual({ value: { message: "hi", loud: true, address: { street: "", zip: "12345" } }, errors: [] });
    const nested = formFromSchema({ type: "object", properties: { range: { type: "object", properties: { from: { type: "number" }, to: { type: "number" } }, required: ["from", "to"] } } });
    expect(draftToValue(nested, draftFromValue(nested, { range: { from: 1 } }))).toEqual({ value: { range: { from: 1 } }, errors: [{ path: "range.to", message: "required" }] });
    expect(draftToValue(nested, initialDraft(nested))).toEqual({ value: {}, errors: [] });
  });

  it("reports a missing required number, and sends null for a nullable field switched to null", () => {
    const form = formFromSchema({ type: "object", properties: { a: { type: "number" }, limit: { type: ["integer", "null"] } }, required: ["a", "limit"] });
    const draft: Draft = { kind: "object", fields: { a: { kind: "text", text: "" }, limit: { kind: "text", text: "", isNull: true } } };
    expect(draftToValue(form, draft)).toEqual({ value: { limit: null }, errors: [{ path: "a", message: "required" }] });
  });

  it("takes the selected variant of a union, keeping what was typed into the others", () => {
    const form = formFromSchema({ oneOf: [{ type: "object", title: "By id", properties: { id: { type: "integer" } } }, { type: "string", title: "By name" }] });
    const draft: Draft = { kind: "choice", variant: 1, values: [{ kind: "object", fields: { id: { kind: "text", text: "7" } } }, { kind: "text", text: "ada" }] };
    expect(draftToValue(form, draft).value).toBe("ada");
    expect(draftToValue(form, { ...draft, variant: 0 }).value).toEqual({ id: 7 });
  });

  it("parses raw JSON fields and reports bad JSON", () => {
    const form = formFromSchema({ type: "object", properties: { meta: { type: "object" } }, required: ["meta"] });
    expect(draftToValue(form, { kind: "object", fields: { meta: { kind: "text", text: '{"a": [1]}' } } }).value).toEqual({ meta: { a: [1] } });
    expect(draftToValue(form, { kind: "object", fields: { meta: { kind: "text", text: "{a" } } }).errors[0]).toMatchObject({ path: "meta", message: expect.stringMatching(/^not valid JSON: /) });
  });

  it("fills nested arrays of arrays", () => {
    const form = formFromSchema({ type: "array", items: { type: "array", items: { type: "number" } } });
    expect(draftToValue(form, draftFromValue(form, [[1, 2], [3]]))).toEqual({ value: [[1, 2], [3]], errors: [] });
  });
});

describe("fits: whether raw JSON can switch back to the form", () => {
  it("accepts values the form expresses exactly", () => {
    expect(fits(tool, { message: "hi", loud: false, count: 2, tags: ["a"], address: { street: "Main" }, limit: null })).toBe(true);
    expect(fits(tool, { message: "", loud: true, city: "Chicago" })).toBe(true);
  });

  it("refuses values that would change on the way: unknown keys, wrong types, values outside an enum", () => {
    expect(fits(tool, { message: "hi", loud: true, extra: 1 })).toBe(false);
    expect(fits(tool, { message: 5, loud: true })).toBe(false);
    expect(fits(tool, { message: "hi", loud: true, city: "Paris" })).toBe(false);
    expect(fits(tool, { message: "hi", loud: true, count: "3" })).toBe(false);
  });

  it("leaves a field blank rather than guessing when its value is missing", () => {
    expect(draftFromValue(tool, {})).toMatchObject({ kind: "object", fields: { count: emptyDraft({ kind: "integer", hasDefault: true, default: 3, nullable: false }) } });
  });
});
