import { describe, expect, it } from "vitest";
import { formFromSchema } from "./schema-to-form.ts";

describe("formFromSchema", () => {
  it("maps the scalar types with their constraints, descriptions and defaults", () => {
    const form = formFromSchema({
      type: "object",
      properties: {
        message: { type: "string", description: "Message to echo", minLength: 1 },
        count: { type: "integer", minimum: 1, maximum: 10, default: 3 },
        ratio: { type: "number" },
        loud: { type: "boolean", default: false },
      },
      required: ["message"],
    });
    expect(form).toEqual({
      kind: "object",
      open: true,
      hasDefault: false,
      nullable: false,
      properties: [
        { name: "message", required: true, field: expect.objectContaining({ kind: "string", description: "Message to echo", minLength: 1, hasDefault: false }) },
        { name: "count", required: false, field: expect.objectContaining({ kind: "integer", minimum: 1, maximum: 10, hasDefault: true, default: 3 }) },
        { name: "ratio", required: false, field: expect.objectContaining({ kind: "number" }) },
        { name: "loud", required: false, field: expect.objectContaining({ kind: "boolean", hasDefault: true, default: false }) },
      ],
    });
  });

  it("makes a select of an enum, and of a oneOf of consts with their titles", () => {
    expect(formFromSchema({ type: "string", enum: ["New York", "Chicago"] })).toMatchObject({
      kind: "enum",
      options: [{ label: "New York", value: "New York" }, { label: "Chicago", value: "Chicago" }],
    });
    expect(formFromSchema({ oneOf: [{ const: 1, title: "one" }, { const: 2, title: "two" }] })).toMatchObject({
      kind: "enum",
      options: [{ label: "one", value: 1 }, { label: "two", value: 2 }],
    });
  });

  it("treats a null member of a type list, enum or union as a nullable field", () => {
    expect(formFromSchema({ type: ["string", "null"] })).toMatchObject({ kind: "string", nullable: true });
    expect(formFromSchema({ enum: ["a", null] })).toMatchObject({ kind: "enum", nullable: true, options: [{ value: "a" }] });
    expect(formFromSchema({ anyOf: [{ type: "integer" }, { type: "null" }], description: "limit" })).toMatchObject({ kind: "integer", nullable: true, description: "limit" });
  });

  it("resolves local $refs to $defs and definitions, keeping sibling keywords", () => {
    const form = formFromSchema({
      type: "object",
      properties: {
        home: { $ref: "#/$defs/Address", description: "where you live" },
        work: { $ref: "#/definitions/Address" },
      },
      $defs: { Address: { type: "object", properties: { street: { type: "string" }, zip: { type: "string", pattern: "^\\d{5}$" } }, required: ["street"] } },
      definitions: { Address: { type: "object", properties: { street: { type: "string" } } } },
    });
    expect(form).toMatchObject({
      kind: "object",
      properties: [
        { name: "home", field: { kind: "object", description: "where you live", properties: [{ name: "street", required: true }, { name: "zip", field: { pattern: "^\\d{5}$" } }] } },
        { name: "work", field: { kind: "object", properties: [{ name: "street" }] } },
      ],
    });
  });

  it("stops at a recursive $ref and offers raw JSON for that part", () => {
    const form = formFromSchema({
      $ref: "#/$defs/Node",
      $defs: { Node: { type: "object", properties: { name: { type: "string" }, children: { type: "array", items: { $ref: "#/$defs/Node" } } } } },
    });
    expect(form).toMatchObject({
      kind: "object",
      properties: [{ name: "name", field: { kind: "string" } }, { name: "children", field: { kind: "array", items: { kind: "json", reason: "recursive schema (#/$defs/Node)" } } }],
    });
  });

  it("offers raw JSON for a $ref that does not resolve, naming it", () => {
    expect(formFromSchema({ $ref: "#/$defs/Missing" })).toMatchObject({ kind: "json", reason: "$ref #/$defs/Missing does not resolve" });
    expect(formFromSchema({ $ref: "https://example.com/schema.json" })).toMatchObject({ kind: "json", reason: "$ref https://example.com/schema.json does not resolve" });
  });

  it("makes a choice of a oneOf of objects, labelled by title or shape, with shared keywords applied", () => {
    const form = formFromSchema({
      type: "object",
      oneOf: [
        { title: "By id", properties: { id: { type: "integer" } }, required: ["id"] },
        { properties: { email: { type: "string", format: "email" } }, required: ["email"] },
      ],
    });
    expect(form).toMatchObject({
      kind: "choice",
      variants: [
        { label: "By id", field: { kind: "object", properties: [{ name: "id", required: true, field: { kind: "integer" } }] } },
        { label: "object {email}", field: { kind: "object", properties: [{ name: "email", field: { kind: "string", format: "email" } }] } },
      ],
    });
  });

  it("makes a choice of a type list", () => {
    expect(formFromSchema({ type: ["string", "number"] })).toMatchObject({ kind: "choice", variants: [{ label: "string", field: { kind: "string" } }, { label: "number", field: { kind: "number" } }] });
  });

  it("maps nested arrays of arrays and arrays of objects", () => {
    const form = formFromSchema({
      type: "object",
      properties: {
        matrix: { type: "array", items: { type: "array", items: { type: "number" } }, minItems: 1 },
        people: { type: "array", items: { type: "object", properties: { name: { type: "string" } } } },
      },
    });
    expect(form).toMatchObject({
      kind: "object",
      properties: [
        { name: "matrix", field: { kind: "array", minItems: 1, items: { kind: "array", items: { kind: "number" } } } },
        { name: "people", field: { kind: "array", items: { kind: "object", properties: [{ name: "name" }] } } },
      ],
    });
  });

  it("merges allOf parts into one object", () => {
    const form = formFromSchema({
      allOf: [{ $ref: "#/$defs/Base" }, { type: "object", properties: { extra: { type: "boolean" } }, required: ["extra"] }],
      $defs: { Base: { type: "object", properties: { id: { type: "string" } }, required: ["id"] } },
    });
    expect(form).toMatchObject({ kind: "object", properties: [{ name: "id", required: true }, { name: "extra", required: true, field: { kind: "boolean" } }] });
  });

  it("offers raw JSON where a form would guess: free-form objects, tuples, no type, boolean schemas", () => {
    expect(formFromSchema({ type: "object", additionalProperties: { type: "string" } })).toMatchObject({ kind: "json", reason: "an object with free-form keys" });
    expect(formFromSchema({ type: "object", properties: { meta: { type: "object" } } })).toMatchObject({ properties: [{ field: { kind: "json", reason: "an object with free-form keys" } }] });
    expect(formFromSchema({ type: "array", prefixItems: [{ type: "string" }] })).toMatchObject({ kind: "json", reason: "a tuple (items by position)" });
    expect(formFromSchema({ description: "anything" })).toMatchObject({ kind: "json", reason: "the schema names no type", description: "anything" });
    expect(formFromSchema(true)).toMatchObject({ kind: "json", reason: "any JSON value" });
    expect(formFromSchema("not a schema")).toMatchObject({ kind: "json", reason: "the schema is not an object" });
    expect(formFromSchema({ type: "strnig" })).toMatchObject({ kind: "json", reason: 'unknown type "strnig"' });
  });

  it("gives a tool whose arguments list no properties an empty form", () => {
    expect(formFromSchema({ type: "object" })).toEqual({ kind: "object", open: true, properties: [], hasDefault: false, nullable: false });
    expect(formFromSchema({ type: "object", properties: {} })).toMatchObject({ kind: "object", properties: [] });
  });

  it("marks an object closed when additionalProperties is false", () => {
    expect(formFromSchema({ type: "object", properties: { a: { type: "string" } }, additionalProperties: false })).toMatchObject({ kind: "object", open: false });
  });

  it("infers object and array from properties and items without a type", () => {
    expect(formFromSchema({ properties: { a: { type: "string" } } })).toMatchObject({ kind: "object" });
    expect(formFromSchema({ items: { type: "string" } })).toMatchObject({ kind: "array", items: { kind: "string" } });
  });
});
