import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { listAll } from "../features/lenient-page.ts";
import { type BenchTool, readTools } from "./read-tools.ts";

/** Every tool, across pages, each read on its own (see readTools). */
export async function listTools(client: Client): Promise<{ tools: BenchTool[]; truncated: boolean }> {
  const { items, truncated } = await listAll(client, "tools/list", "tools");
  return { tools: readTools(items), truncated };
}
