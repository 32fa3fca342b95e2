import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

/** Calls the echo tool of a deployment through the gateway with the official MCP SDK client. */
export async function echoThroughGateway(gateway: string, key: string, message: string): Promise<string> {
  const client = new Client({ name: "switchyard-e2e", version: "1.0.0" });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${gateway}/mcp/everything`), {
      requestInit: { headers: { Authorization: `Bearer ${key}` } },
    }),
  );
  try {
    const result = await client.callTool({ name: "echo", arguments: { message } });
    return (result.content as Array<{ type: string; text: string }>)[0]!.text;
  } finally {
    await client.close();
  }
}

/** A raw initialize: what any client sends first. Returns the status and the JSON body. */
export async function initializeWith(gateway: string, key: string): Promise<{ status: number; body: any }> {
  const response = await fetch(`${gateway}/mcp/everything`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${key}`,
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
    },
    body: JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "e2e", version: "1" } },
    }),
  });
  const text = await response.text();
  const json = response.headers.get("content-type")?.includes("application/json") ? JSON.parse(text) : text;
  return { status: response.status, body: json };
}
