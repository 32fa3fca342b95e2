#!/usr/bin/env node
// Entry point: the personal assistant's calendar, contacts and reminders over stdio.
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { createAssistantServer } from "../src/server.mjs";

const server = createAssistantServer();
await server.connect(new StdioServerTransport());
