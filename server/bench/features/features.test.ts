import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { McpServer, ResourceTemplate } from "@modelcontextprotocol/sdk/server/mcp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { getPrompt, listPrompts } from "./prompts.ts";
import { expandTemplate, listResources, listTemplates, readResource, templateVariables } from "./resources.ts";

let client: Client;

beforeAll(async () => {
  const server = new McpServer({ name: "t", version: "1" });
  server.registerResource("readme", "docs://readme", { title: "Readme", mimeType: "text/markdown" }, async (uri) => ({ contents: [{ uri: uri.href, mimeType: "text/markdown", text: "# Hello" }] }));
  server.registerResource("logo", "docs://logo", { mimeType: "image/png" }, async (uri) => ({ contents: [{ uri: uri.href, mimeType: "image/png", blob: "iVBORw0KGgo=" }] }));
  server.registerResource(
    "user",
    new ResourceTemplate("users://{id}/profile", { list: undefined }),
    { description: "A user's profile" },
    async (uri, { id }) => ({ contents: [{ uri: uri.href, text: `profile of ${id}` }] }),
  );
  server.registerPrompt("greet", { description: "Greets", argsSchema: { name: z.string(), tone: z.string().optional() } }, ({ name, tone }) => ({
    messages: [{ role: "user", content: { type: "text", text: `Say hello to ${name}${tone ? ` in a ${tone} tone` : ""}` } }],
  }));
  const [a, b] = InMemoryTransport.createLinkedPair();
  await server.connect(b);
  client = new Client({ name: "bench", version: "0" });
  await client.connect(a);
});
afterAll(() => client.close());

describe("resources", () => {
  it("lists resources and templates with their variables", async () => {
    expect((await listResources(client)).resources).toEqual([
      { uri: "docs://readme", name: "readme", title: "Readme", mimeType: "text/markdown" },
      { uri: "docs://logo", name: "logo", mimeType: "image/png" },
    ]);
    expect((await listTemplates(client)).templates).toEqual([{ uriTemplate: "users://{id}/profile", name: "user", description: "A user's profile", variables: ["id"] }]);
  });

  it("reads text and blob contents into views", async () => {
    expect(await readResource(client, "docs://readme")).toEqual([{ kind: "resource-text", uri: "docs://readme", mimeType: "text/markdown", text: "# Hello", truncated: false }]);
    expect(await readResource(client, "docs://logo")).toMatchObject([{ kind: "resource-blob", preview: "image", bytes: 8 }]);
  });

  it("expands a template and reads what it names", async () => {
    const uri = expandTemplate("users://{id}/profile", { id: "ada lovelace" });
    expect(uri).toBe("users://ada%20lovelace/profile");
    expect(await readResource(client, uri)).toMatchObject([{ kind: "resource-text", text: "profile of ada%20lovelace" }]);
    expect(templateVariables("search{?q,lang}")).toEqual(["q", "lang"]);
  });
});

describe("prompts", () => {
  it("lists prompts with their arguments and gets one", async () => {
    const { prompts } = await listPrompts(client);
    expect(prompts).toEqual([{ name: "greet", description: "Greets", arguments: [{ name: "name", required: true }, { name: "tone", required: false }] }]);
    expect(await getPrompt(client, prompts[0]!, { name: "Ada", tone: "" })).toEqual({ messages: [{ role: "user", content: { type: "text", text: "Say hello to Ada" } }] });
  });

  it("names missing required arguments without sending anything", async () => {
    const { prompts } = await listPrompts(client);
    expect(await getPrompt(client, prompts[0]!, {})).toEqual({ missing: ["name"] });
  });
});
