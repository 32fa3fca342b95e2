#!/usr/bin/env node
// Entry point: the support desk over stdio (newline-delimited JSON-RPC on stdin/stdout).
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { createSupportServer } from "../src/server.mjs";

const server = createSupportServer();
await server.connect(new StdioServerTransport());
