import { createRequire } from "node:module";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

/** A client on a real @modelcontextprotocol/server-everything process over stdio (for tests). */
export async function connectEverything(capabilities: Record<string, unknown> = {}): Promise<Client> {
  const entry = createRequire(import.meta.url).resolve("@modelcontextprotocol/server-everything/dist/index.js");
  const client = new Client({ name: "bench-test", version: "0" }, { capabilities });
  await client.connect(new StdioClientTransport({ command: process.execPath, args: [entry, "stdio"], stderr: "ignore" }));
  return client;
}
