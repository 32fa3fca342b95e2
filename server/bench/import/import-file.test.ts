import { describe, expect, it } from "vitest";
import { parseMcpJson } from "./mcp-json.ts";
import { exportMcpJson } from "./export-mcp-json.ts";
import { importServers } from "./import-file.ts";

// Shaped like the files the clients' docs show (Claude Desktop's claude_desktop_config.json,
// Cursor's .cursor/mcp.json, VS Code's .vscode/mcp.json and settings.json).
const CLAUDE_DESKTOP = `{
  "mcpServers": {
    "filesystem": {
      "command": "npx",
      "args": ["-y", "@modelcontextprotocol/server-filesystem", "/Users/me/Desktop", "/Users/me/Downloads"]
    },
    "github": {
      "command": "docker",
      "args": ["run", "-i", "--rm", "-e", "GITHUB_PERSONAL_ACCESS_TOKEN", "ghcr.io/github/github-mcp-server"],
      "env": { "GITHUB_PERSONAL_ACCESS_TOKEN": "<YOUR_TOKEN>" }
    }
  }
}`;

const CURSOR = `{
  "mcpServers": {
    "remote-sse": { "url": "https://mcp.example.com/sse" },
    "remote-http": { "url": "https://api.example.com/mcp", "headers": { "Authorization": "Bearer \${env:EXAMPLE_TOKEN}" } }
  }
}`;

const VSCODE = `{
  "inputs": [{ "type": "promptString", "id": "perplexity-key", "description": "Perplexity API Key", "password": true }],
  "servers": {
    "Perplexity": { "type": "stdio", "command": "npx", "args": ["-y", "server-perplexity-ask"], "env": { "PERPLEXITY_API_KEY": "\${input:perplexity-key}" } },
    "Fetch": { "type": "http", "url": "https://remote.mcpservers.org/fetch/mcp" },
    "Sock": { "type": "ws", "url": "wss://ws.example.com/ws" }
  }
}`;

const VSCODE_SETTINGS = `{ "editor.fontSize": 13, "mcp": { "servers": { "time": { "command": "uvx", "args": ["mcp-server-time"] } } } }`;

const SERVER_JSON = `{
  "$schema": "https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json",
  "name": "io.github.acme/weather",
  "description": "Weather forecasts",
  "version": "1.2.0",
  "packages": [
    {
      "registryType": "npm",
      "identifier": "@acme/weather-mcp",
      "version": "1.2.0",
      "transport": { "type": "stdio" },
      "packageArguments": [{ "type": "named", "name": "--units", "default": "metric" }],
      "environmentVariables": [{ "name": "WEATHER_API_KEY", "isRequired": true, "isSecret": true }]
    },
    { "registryType": "pypi", "identifier": "acme-weather", "version": "1.2.0", "transport": { "type": "stdio" } }
  ],
  "remotes": [
    { "type": "streamable-http", "url": "https://weather.acme.dev/mcp", "headers": [{ "name": "X-API-Key", "isSecret": true, "isRequired": true }] },
    { "type": "sse", "url": "https://weather.acme.dev/sse" }
  ]
}`;

describe("importing mcp.json", () => {
  it("reads Claude Desktop's local commands with their arguments and environment", () => {
    const result = importServers(CLAUDE_DESKTOP);
    expect(result).toMatchObject({ ok: true, format: "mcp.json (mcpServers: Claude Desktop, Cursor)" });
    if (!result.ok) return;
    expect(result.entries.map((e) => [e.name, e.path])).toEqual([["filesystem", "mcpServers.filesystem"], ["github", "mcpServers.github"]]);
    expect(result.entries[1]!.target).toEqual({ kind: "stdio", command: { command: "docker", args: ["run", "-i", "--rm", "-e", "GITHUB_PERSONAL_ACCESS_TOKEN", "ghcr.io/github/github-mcp-server"], env: { GITHUB_PERSONAL_ACCESS_TOKEN: "<YOUR_TOKEN>" } } });
    expect(result.entries[0]!.notes).toContain("a local command: needs Switchyard in local mode");
  });

  it("reads Cursor's remote entries, telling SSE from streamable HTTP, and flags variables to fill in", () => {
    const result = importServers(CURSOR);
    if (!result.ok) throw new Error(result.message);
    expect(result.entries.map((e) => e.target)).toEqual([
      { kind: "remote", url: "https://mcp.example.com/sse", transport: "sse", headers: {} },
      { kind: "remote", url: "https://api.example.com/mcp", transport: "streamable-http", headers: { Authorization: "Bearer ${env:EXAMPLE_TOKEN}" } },
    ]);
    expect(result.entries[1]!.notes).toEqual(["fill in Authorization (the file refers to inputs or variables)"]);
  });

  it("reads VS Code's servers with their types, and settings.json's mcp.servers", () => {
    const result = importServers(VSCODE);
    if (!result.ok) throw new Error(result.message);
    expect(result.format).toBe("mcp.json (servers: VS Code)");
    expect(result.entries.map((e) => (e.target.kind === "remote" ? e.target.transport : "stdio"))).toEqual(["stdio", "streamable-http", "websocket"]);
    expect(result.entries[0]!.notes[0]).toBe("fill in PERPLEXITY_API_KEY (the file refers to inputs or variables)");
    const settings = importServers(VSCODE_SETTINGS);
    expect(settings).toMatchObject({ ok: true, entries: [{ name: "time", path: "mcp.servers.time", target: { kind: "stdio", command: { command: "uvx", args: ["mcp-server-time"] } } }] });
  });

  it.each([
    ["", "(file)", "expected the contents of an mcp.json or server.json"],
    ["{ not json", "(file)", /^not valid JSON: /],
    ["[]", "(top level)", "expected an object with mcpServers (Claude Desktop) or servers (VS Code)".replace("(Claude Desktop)", "(Claude Desktop, Cursor)")],
    [`{"tools": {}}`, "(top level)", "expected mcpServers (Claude Desktop, Cursor) or servers (VS Code)"],
    [`{"mcpServers": []}`, "mcpServers", "expected an object of servers by name"],
    [`{"mcpServers": {"a": {"args": ["x"]}}}`, "mcpServers.a", "expected either command (a local program) or url (a remote server)"],
    [`{"mcpServers": {"a": {"command": "npx", "args": ["-y", 3]}}}`, "mcpServers.a.args[1]", "expected each argument as a string"],
    [`{"servers": {"a": {"command": "npx", "env": {"TOKEN": 12}}}}`, "servers.a.env.TOKEN", "expected a string value"],
    [`{"mcpServers": {"a": {"command": "npx", "url": "https://x"}}}`, "mcpServers.a", "expected either command or url, not both"],
    [`{"mcpServers": {}}`, "mcpServers", "expected at least one server"],
  ])("refuses %s naming the JSON path", (text, path, message) => {
    const result = importServers(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.path).toBe(path);
    if (typeof message === "string") expect(result.message).toBe(message);
    else expect(result.message).toMatch(message);
  });

  it("parses mcp.json text directly too", () => {
    expect(parseMcpJson(`{"mcpServers": {"x": {"url": "ws://127.0.0.1:1/ws/x"}}}`)).toMatchObject({ ok: true, entries: [{ target: { transport: "websocket" } }] });
  });
});

describe("importing server.json", () => {
  it("lists each remote and each package as what the bench connects to", () => {
    const result = importServers(SERVER_JSON);
    if (!result.ok) throw new Error(result.message);
    expect(result.format).toBe("server.json (io.github.acme/weather 1.2.0)");
    expect(result.entries.map((e) => [e.name, e.path])).toEqual([
      ["weather (remote 1)", "remotes[0]"],
      ["weather (remote 2)", "remotes[1]"],
      ["weather (npm)", "packages[0]"],
      ["weather (pypi)", "packages[1]"],
    ]);
    expect(result.entries[0]).toMatchObject({ target: { kind: "remote", url: "https://weather.acme.dev/mcp", transport: "streamable-http", headers: { "X-API-Key": "" } }, notes: ["fill in the X-API-Key header (secret)"] });
    expect(result.entries[1]!.target).toMatchObject({ transport: "sse" });
    expect(result.entries[2]).toMatchObject({
      target: { kind: "stdio", command: { command: "npx", args: ["-y", "@acme/weather-mcp@1.2.0", "--units", "metric"], env: { WEATHER_API_KEY: "" } } },
      notes: ["fill in WEATHER_API_KEY (secret)", "a local command: needs Switchyard in local mode"],
    });
    expect(result.entries[3]!.target).toMatchObject({ command: { command: "uvx", args: ["acme-weather==1.2.0"] } });
  });

  it.each([
    [`{"name": "io.github.acme/x", "packages": [{"identifier": "x", "transport": {"type": "stdio"}}]}`, "packages[0].registryType", "expected npm, pypi or oci"],
    [`{"name": "io.github.acme/x", "remotes": [{"type": "sse"}]}`, "remotes[0].url", "expected a URL"],
    [`{"packages": []}`, "name", "expected the server's name, e.g. io.github.acme/weather"],
    [`{"name": "io.github.acme/x", "remotes": []}`, "(top level)", "expected at least one entry in remotes or packages"],
  ])("refuses %s naming the JSON path", (text, path, message) => {
    expect(importServers(text)).toEqual({ ok: false, path, message });
  });
});

describe("exporting mcp.json", () => {
  it("writes a remote connection with its headers as password inputs, never their values", () => {
    const text = exportMcpJson({ kind: "url", name: "api.example.com/mcp", url: "https://api.example.com/mcp", transport: "streamable-http", headers: { Authorization: "Bearer sk-live-123", "X-Team": "blue" } });
    expect(text).not.toContain("sk-live-123");
    expect(text).not.toContain("blue");
    expect(JSON.parse(text)).toEqual({
      inputs: [
        { type: "promptString", id: "api-example-com-mcp-authorization", description: "Authorization header for api.example.com/mcp", password: true },
        { type: "promptString", id: "api-example-com-mcp-x-team", description: "X-Team header for api.example.com/mcp", password: true },
      ],
      servers: { "api-example-com-mcp": { type: "http", url: "https://api.example.com/mcp", headers: { Authorization: "Bearer ${input:api-example-com-mcp-authorization}", "X-Team": "${input:api-example-com-mcp-x-team}" } } },
    });
  });

  it("writes a local command with its environment as inputs, and reads back as the same entry", () => {
    const text = exportMcpJson({ kind: "stdio", name: "node server.js", command: "node", args: ["/srv/server.js", "stdio"], envNames: ["API_TOKEN"], cwd: "/srv" });
    const back = importServers(text);
    expect(back).toMatchObject({ ok: true, entries: [{ name: "node-server-js", target: { kind: "stdio", command: { command: "node", args: ["/srv/server.js", "stdio"], env: { API_TOKEN: "${input:node-server-js-api-token}" }, cwd: "/srv" } } }] });
  });

  it("writes WebSocket and SSE types", () => {
    expect(JSON.parse(exportMcpJson({ kind: "url", name: "gw", url: "ws://127.0.0.1:8080/ws/everything", transport: "websocket", headers: {} })).servers.gw).toEqual({ type: "ws", url: "ws://127.0.0.1:8080/ws/everything" });
    expect(JSON.parse(exportMcpJson({ kind: "url", name: "gw", url: "https://x/sse", transport: "sse", headers: {} })).servers.gw.type).toBe("sse");
  });
});
