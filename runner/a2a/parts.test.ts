import { describe, expect, it } from "vitest";
import { dataPart, rawPart, textPart, urlPart } from "./a2a-model.ts";
import { argumentsFor, textArgumentOf } from "./message-input.ts";
import { partsToContent, resultToParts } from "./parts.ts";

const result = {
  content: [
    { type: "text", text: "22°C, sunny" },
    { type: "image", data: Buffer.from("png").toString("base64"), mimeType: "image/png" },
    { type: "resource_link", uri: "file:///r.txt", name: "r.txt", mimeType: "text/plain" },
  ],
  structuredContent: { temperature: 22, sky: { today: "sunny" } },
};

describe("MCP results as A2A parts", () => {
  it("auto: text as text, structured content as data, images as raw, links as url", () => {
    const parts = resultToParts(result, "auto");
    expect(parts.map((p) => p.content?.$case)).toEqual(["text", "raw", "url", "data"]);
    expect(parts[1]!.mediaType).toBe("image/png");
    expect(parts[3]!.content?.value).toEqual(result.structuredContent);
  });

  it("text and data rendering, and result parts picked by field", () => {
    expect(resultToParts({ structuredContent: { a: 1 } }, "text").map((p) => p.content?.value)).toEqual([JSON.stringify({ a: 1 }, null, 2)]);
    expect(resultToParts({ content: [{ type: "text", text: "hi" }] }, "data").map((p) => p.content?.value)).toEqual([{ text: "hi" }]);
    const picked = resultToParts(result, "auto", [{ field: "sky.today", as: "text" }, { field: "temperature", as: "data" }, { field: "missing", as: "data" }]);
    expect(picked.map((p) => [p.content?.$case, p.content?.value])).toEqual([["text", "sunny"], ["data", 22]]);
  });
});

describe("A2A parts as MCP content", () => {
  it("maps each part kind, one data part becoming structured content", () => {
    const { content, structuredContent } = partsToContent([textPart("hi"), dataPart({ x: 1 }), rawPart(Buffer.from("a"), "audio/wav"), urlPart("https://e.example/f", "text/html", "f")], "auto");
    expect(structuredContent).toEqual({ x: 1 });
    expect(content.map((c) => c.type)).toEqual(["text", "text", "audio", "resource_link"]);
    expect(content[0]).toEqual({ type: "text", text: '{"x":1}' });
  });

  it("text rendering keeps data as text only; several data parts are collected", () => {
    expect(partsToContent([dataPart({ x: 1 })], "text").structuredContent).toBeUndefined();
    expect(partsToContent([dataPart({ x: 1 }), dataPart([2])], "auto").structuredContent).toEqual({ parts: [{ x: 1 }, [2]] });
  });
});

describe("message to tool arguments", () => {
  const schema = { type: "object", properties: { message: { type: "string" }, loud: { type: "boolean" } }, required: ["message"] };

  it("passes the data object, or the text to the one string argument", () => {
    expect(argumentsFor({ data: { message: "x", loud: true }, text: "ignored" }, undefined, schema)).toEqual({ message: "x", loud: true });
    expect(argumentsFor({ data: {}, text: "hello" }, undefined, schema)).toEqual({ message: "hello" });
    expect(textArgumentOf({ type: "object", properties: { a: { type: "string" }, b: { type: "string" } } })).toBeUndefined();
  });

  it("maps fields by the rule, and only those", () => {
    const entry = { arguments: { message: "$text", loud: "options.loud" } };
    expect(argumentsFor({ data: { options: { loud: false }, other: 1 }, text: "hi" }, entry, schema)).toEqual({ message: "hi", loud: false });
  });
});
