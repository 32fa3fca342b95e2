#!/usr/bin/env node
// Entry point: the content studio over stdio (newline-delimited JSON-RPC on stdin/stdout).
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { createStudioServer } from "../src/server.mjs";

const server = createStudioServer();
await server.connect(new StdioServerTransport());
