// The support desk's data and operations, apart from MCP: seeded orders, customers and a
// knowledge base (read-only JSON beside the package), and the tickets, refunds and hand-offs made
// while the process runs. Every answer is a pure function of the seeded data and the arguments
// (ids are derived from content, no clocks), so a scripted agent gets the same transcript each run.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const DATA_DIR = path.join(import.meta.dirname, "..", "data");

function readJson(name) {
  return JSON.parse(fs.readFileSync(path.join(DATA_DIR, name), "utf8"));
}

/** A failure the agent can act on: becomes a tool result with isError and this message. */
export class DeskError extends Error {}

function shortId(prefix, ...parts) {
  return `${prefix}-${createHash("sha256").update(parts.join("\u0000")).digest("hex").slice(0, 6).toUpperCase()}`;
}

const TERMS = /[a-z0-9]+/g;
const STOP_WORDS = new Set(["a", "an", "the", "is", "my", "i", "to", "of", "and", "or", "for", "it", "do", "you", "what", "how", "can", "in", "on", "with"]);

function terms(text) {
  return (text.toLowerCase().match(TERMS) ?? []).filter((term) => !STOP_WORDS.has(term));
}

export class Desk {
  constructor() {
    this.customers = new Map(readJson("customers.json").map((customer) => [customer.id, customer]));
    this.orders = new Map(readJson("orders.json").map((order) => [order.id, order]));
    this.articles = readJson("knowledge-base.json");
    /** Made while this process runs; keyed by id. */
    this.tickets = new Map();
    this.refunds = new Map();
  }

  lookupOrder(orderId) {
    const id = String(orderId).replace(/^#/, "").trim();
    const order = this.orders.get(id);
    if (!order) throw new DeskError(`No order ${id}. Order numbers have four digits, e.g. 1001, and are in the order confirmation e-mail.`);
    const customer = this.customers.get(order.customerId);
    const refunded = [...this.refunds.values()].filter((refund) => refund.orderId === id).reduce((sum, refund) => sum + refund.amount, 0);
    return { order: { ...order, refunded }, customer: { id: customer.id, name: customer.name, tier: customer.tier } };
  }

  findCustomer(email) {
    const wanted = email.trim().toLowerCase();
    const customer = [...this.customers.values()].find((candidate) => candidate.email === wanted);
    if (!customer) throw new DeskError(`No customer with the e-mail ${email}.`);
    const orders = [...this.orders.values()].filter((order) => order.customerId === customer.id).map((order) => ({ id: order.id, status: order.status, total: order.total }));
    return { customer, orders };
  }

  /** Articles ranked by how many of the query's terms their title, tags and body share; ties by id. */
  searchKb(query, limit) {
    const wanted = new Set(terms(query));
    if (wanted.size === 0) throw new DeskError("The query has no searchable words; describe the topic, e.g. 'refund damaged item'.");
    const scored = this.articles
      .map((article) => {
        const title = new Set(terms(article.title));
        const tags = new Set(article.tags.flatMap(terms));
        const body = new Set(terms(article.body));
        let score = 0;
        for (const term of wanted) score += (title.has(term) ? 3 : 0) + (tags.has(term) ? 2 : 0) + (body.has(term) ? 1 : 0);
        return { article, score };
      })
      .filter((entry) => entry.score > 0)
      .sort((a, b) => b.score - a.score || a.article.id.localeCompare(b.article.id))
      .slice(0, limit);
    return {
      results: scored.map(({ article, score }) => ({ id: article.id, title: article.title, score, text: article.body })),
    };
  }

  article(id) {
    return this.articles.find((article) => article.id === id);
  }

  createTicket({ customerId, orderId, subject, description, priority }) {
    if (!this.customers.has(customerId)) throw new DeskError(`No customer ${customerId}; look the customer up first (find_customer or lookup_order).`);
    if (orderId !== undefined && !this.orders.has(orderId)) throw new DeskError(`No order ${orderId}.`);
    const id = shortId("T", customerId, orderId ?? "", subject);
    const ticket = { id, customerId, orderId: orderId ?? null, subject, description, priority, status: "open" };
    this.tickets.set(id, ticket);
    return { ticket };
  }

  issueRefund({ orderId, amount, reason }) {
    const { order } = this.lookupOrder(orderId);
    if (order.status !== "delivered" && order.status !== "lost_in_transit") {
      throw new DeskError(`Order ${order.id} is ${order.status}; only delivered or lost orders can be refunded (cancel a processing order instead).`);
    }
    const left = Math.round((order.total - order.refunded) * 100) / 100;
    if (amount > left) throw new DeskError(`A refund of ${amount} ${order.currency} is more than the ${left} ${order.currency} left to refund on order ${order.id}.`);
    const refund = { id: shortId("R", order.id, String(amount), reason), orderId: order.id, amount, currency: order.currency, reason, status: "approved", arrivesWithin: "5 business days" };
    this.refunds.set(refund.id, refund);
    return { refund };
  }

  escalate({ customerId, orderId, ticketId, summary }) {
    const customer = this.customers.get(customerId);
    if (!customer) throw new DeskError(`No customer ${customerId}; look the customer up first.`);
    const gold = customer.tier === "gold";
    return {
      handoff: {
        state: "handed_off",
        reference: shortId("H", customerId, orderId ?? "", ticketId ?? "", summary),
        queue: gold ? "priority" : "tier-2",
        ticketId: ticketId ?? null,
        orderId: orderId ?? null,
        expectedResponse: gold ? "within 1 business hour" : "within 4 business hours",
      },
    };
  }
}
