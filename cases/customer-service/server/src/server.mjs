// The support desk as an MCP server: read-only lookups, an additive ticket tool, and two tools
// that change things for good (refunds, hand-off to a person), annotated as destructive so that
// agents ask the user before calling them.
import { McpServer, ResourceTemplate } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { Desk, DeskError } from "./desk.mjs";

const ORDER_ID = z.string().regex(/^#?\d{4}$/, { error: "expected a four-digit order number, e.g. 1001" }).describe("Order number, e.g. 1001");
const CUSTOMER_ID = z.string().regex(/^C-\d{3}$/, { error: "expected a customer id like C-100" }).describe("Customer id, e.g. C-100");

const READ_ONLY = { readOnlyHint: true, openWorldHint: false };

/** A tool's answer as both text (for any client) and structured content (for programs). */
function answer(value) {
  return { content: [{ type: "text", text: JSON.stringify(value) }], structuredContent: value };
}

/** DeskErrors become tool errors the agent can read; anything else is a bug and propagates. */
function run(operation) {
  try {
    return answer(operation());
  } catch (error) {
    if (error instanceof DeskError) return { content: [{ type: "text", text: error.message }], isError: true };
    throw error;
  }
}

export function createSupportServer() {
  const desk = new Desk();
  const server = new McpServer(
    { name: "customer-service", version: "1.0.0", title: "Acme Outfitters support desk" },
    {
      instructions:
        "Support desk of Acme Outfitters, a web shop. Look orders up before answering about them, cite the knowledge base for policy, and ask before refunding or handing a customer to a person.",
    },
  );

  server.registerTool(
    "lookup_order",
    {
      title: "Look up an order",
      description: "An order by its number: status, items, total, shipping and tracking, notes, and who placed it.",
      inputSchema: { orderId: ORDER_ID },
      annotations: READ_ONLY,
    },
    ({ orderId }) => run(() => desk.lookupOrder(orderId)),
  );

  server.registerTool(
    "find_customer",
    {
      title: "Find a customer",
      description: "A customer by e-mail address, with the numbers and states of their orders.",
      inputSchema: { email: z.email().describe("The customer's e-mail address") },
      annotations: READ_ONLY,
    },
    ({ email }) => run(() => desk.findCustomer(email)),
  );

  server.registerTool(
    "search_kb",
    {
      title: "Search the knowledge base",
      description: "Help articles (policies: refunds, returns, shipping, lost parcels, warranty, contact) ranked by relevance to the query.",
      inputSchema: {
        query: z.string().min(1).max(200).describe("What to look for, e.g. 'refund damaged item'"),
        limit: z.number().int().min(1).max(5).default(2).describe("How many articles to return"),
      },
      annotations: READ_ONLY,
    },
    ({ query, limit }) => run(() => desk.searchKb(query, limit)),
  );

  server.registerTool(
    "create_ticket",
    {
      title: "Create a support ticket",
      description: "Opens a ticket for follow-up by the support team. Adds a record; changes nothing else.",
      inputSchema: {
        customerId: CUSTOMER_ID,
        orderId: z.string().regex(/^\d{4}$/).optional().describe("The order it is about, if any"),
        subject: z.string().min(3).max(120),
        description: z.string().min(3).max(2000),
        priority: z.enum(["low", "normal", "high", "urgent"]).default("normal"),
      },
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    (input) => run(() => desk.createTicket(input)),
  );

  server.registerTool(
    "issue_refund",
    {
      title: "Refund an order",
      description: "Pays money back to the customer's original payment method. Cannot be undone.",
      inputSchema: {
        orderId: ORDER_ID,
        amount: z.number().positive().describe("Amount in the order's currency"),
        reason: z.string().min(3).max(200),
      },
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
    },
    ({ orderId, amount, reason }) => run(() => desk.issueRefund({ orderId: orderId.replace(/^#/, ""), amount, reason })),
  );

  server.registerTool(
    "escalate_to_human",
    {
      title: "Hand the customer to a person",
      description: "Hands the conversation to a human support agent, who takes it over; the assistant stops handling it. Cannot be undone.",
      inputSchema: {
        customerId: CUSTOMER_ID,
        orderId: z.string().regex(/^\d{4}$/).optional(),
        ticketId: z.string().regex(/^T-[0-9A-F]{6}$/).optional().describe("A ticket created for this case, if any"),
        summary: z.string().min(3).max(1000).describe("What the person needs to know, so the customer need not repeat it"),
      },
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
    },
    (input) => run(() => desk.escalate(input)),
  );

  server.registerResource(
    "kb-article",
    new ResourceTemplate("kb://articles/{id}", {
      list: () => ({ resources: desk.articles.map((article) => ({ uri: `kb://articles/${article.id}`, name: article.id, title: article.title, mimeType: "text/markdown" })) }),
    }),
    { title: "Knowledge base article", description: "One help article as Markdown", mimeType: "text/markdown" },
    (uri, { id }) => {
      const article = desk.article(String(id));
      if (!article) throw new Error(`no article ${id}`);
      return { contents: [{ uri: uri.href, mimeType: "text/markdown", text: `# ${article.title}\n\n${article.body}\n` }] };
    },
  );

  return server;
}
