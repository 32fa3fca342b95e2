#!/usr/bin/env node
// Entry point: the analyst over stdio (newline-delimited JSON-RPC on stdin/stdout).
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { createAnalystServer } from "../src/server.mjs";

const server = createAnalystServer();
await server.connect(new StdioServerTransport());
