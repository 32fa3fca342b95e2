import type { Message } from "../agent/session-mux.ts";
import type { UpstreamHandle } from "../protocol/upstream-handle.ts";
import { isPlainObject } from "./parts.ts";

/** An MCP tool as tools/list gives it; only what the adapters read is typed. */
export interface McpTool {
  name: string;
  title?: string;
  description?: string;
  inputSchema: Record<string, unknown>;
  outputSchema?: Record<string, unknown>;
  annotations?: Record<string, unknown>;
}

const LIST_TIMEOUT_MS = 20_000;
/** A server that pages forever is cut off here. */
const MAX_PAGES = 50;

/** Every tool of an initialized process, read on a port of its own that is let go afterwards. */
export async function listTools(handle: UpstreamHandle, timeoutMs = LIST_TIMEOUT_MS): Promise<McpTool[]> {
  const port = handle.attach();
  port.declareCapabilities({});
  let waiting: { id: number; resolve(message: Message): void } | undefined;
  port.onMessage = (message) => {
    if (message.method === undefined && waiting && message.id === waiting.id) waiting.resolve(message);
  };
  const tools: McpTool[] = [];
  try {
    let cursor: string | undefined;
    for (let page = 1; page <= MAX_PAGES; page++) {
      const reply = await new Promise<Message>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the server did not list its tools within ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
        waiting = { id: page, resolve: (message) => (clearTimeout(timer), resolve(message)) };
        const refused = port.send({ jsonrpc: "2.0", id: page, method: "tools/list", ...(cursor === undefined ? {} : { params: { cursor } }) });
        if (refused) waiting.resolve(refused as Message);
      });
      const error = reply.error as { message?: string } | undefined;
      if (error) throw new Error(`the server refused tools/list: ${error.message ?? "no message"}`);
      const result = isPlainObject(reply.result) ? reply.result : {};
      for (const tool of Array.isArray(result.tools) ? result.tools : []) {
        if (isPlainObject(tool) && typeof tool.name === "string") tools.push({ ...tool, inputSchema: isPlainObject(tool.inputSchema) ? tool.inputSchema : { type: "object" } } as McpTool);
      }
      cursor = typeof result.nextCursor === "string" && result.nextCursor !== "" ? result.nextCursor : undefined;
      if (cursor === undefined) break;
    }
    return tools;
  } finally {
    port.detach();
  }
}

/** How long a deployment's tool list is reused before it is read again. */
const FRESH_MS = 30_000;
const MAX_ENTRIES = 1000;

/**
 * Each deployment's tools, read from one of its processes and kept for a short while: an agent
 * card and each new task need them, and listing on every request would cost a round trip to the
 * server each time. A tool not found is looked for once more in a fresh list before a message
 * naming it is refused.
 */
export class ToolCatalog {
  private readonly entries = new Map<string, { tools: McpTool[]; at: number; initializeResult: Record<string, unknown> | undefined }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** The tools `deploymentId` has, listed through `handle` when not known or older than FRESH_MS (or `fresh`). */
  async tools(deploymentId: string, handle: UpstreamHandle, fresh = false): Promise<McpTool[]> {
    const known = this.entries.get(deploymentId);
    if (known && !fresh && this.now() - known.at < FRESH_MS) return known.tools;
    const tools = await listTools(handle);
    this.entries.delete(deploymentId);
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(deploymentId, { tools, at: this.now(), initializeResult: handle.initializeResult });
    return tools;
  }

  /** The list read for `deploymentId` within FRESH_MS, or undefined. */
  fresh(deploymentId: string): McpTool[] | undefined {
    const known = this.entries.get(deploymentId);
    return known && this.now() - known.at < FRESH_MS ? known.tools : undefined;
  }

  /** The last list read for `deploymentId`, however old, or undefined. */
  cached(deploymentId: string): McpTool[] | undefined {
    return this.entries.get(deploymentId)?.tools;
  }

  /** The server info its process gave when the list was read (names the agent). */
  initializeResultOf(deploymentId: string): Record<string, unknown> | undefined {
    return this.entries.get(deploymentId)?.initializeResult;
  }
}
