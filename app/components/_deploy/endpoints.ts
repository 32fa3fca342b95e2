export interface Endpoints {
  mcp: string;
  sse: string;
  ws: string;
}
