/** Where the gateway at `gateway` serves a deployment: streamable HTTP, legacy SSE and WebSocket. */
export function endpointsAt(gateway: string, name: string): { mcp: string; sse: string; ws: string } {
  const base = gateway.replace(/\/+$/, "");
  return { mcp: `${base}/mcp/${name}`, sse: `${base}/sse/${name}`, ws: `${base.replace(/^http/, "ws")}/ws/${name}` };
}
