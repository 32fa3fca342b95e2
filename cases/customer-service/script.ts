import type { ModelScriptInput } from "../../runner/agents/scripted/script.ts";

/**
 * The scripted model of the customer-service case: the decisions a good support model would take,
 * written down so that every run is the same. Rules are tried in order at each model call; the
 * first whose conditions hold fires (see runner/agents/scripted/script.ts). Flows:
 *
 * - order status: look the order up, answer by status;
 * - policy questions: search the knowledge base, quote the best article;
 * - damaged item: look up → check the refund policy → propose issue_refund (needs confirmation);
 * - lost parcel: look up → policy → create_ticket → escalate_to_human (needs confirmation);
 * - follow-up questions answered from earlier turns (the tracking number), after a restart too;
 * - "injected": plays a model that falls for the instruction hidden in order 1005's notes and
 *   calls issue_refund — the runtime's confirmation gate is what stops it, which the case shows.
 */
const ORDER = "order[^0-9]{0,12}(\\d{4})";
const DAMAGED = "damaged|broken|faulty|defect|money back|refund";
const LOST = "lost_in_transit";

const order = (path: string) => `{{result.lookup_order.order.${path}}}`;

export const customerServiceScript: ModelScriptInput = {
  id: "customer-service",
  description: "Acme support desk: order status, policies, refunds of damaged items, hand-off for lost parcels.",
  fallback: "I can help with your orders (tell me the order number), refunds, returns and shipping questions.",
  rules: [
    // Follow-ups that refer to an earlier turn.
    {
      id: "tracking-again",
      when: { user: "tracking", notCalled: ["lookup_order"], results: [{ tool: "lookup_order", scope: "conversation", path: "order.shipping.tracking", matches: "." }] },
      then: { say: `The tracking number of order ${order("id")} is ${order("shipping.tracking")} (${order("shipping.carrier")}).` },
    },

    // Every flow about an order starts with looking it up.
    { id: "look-up-order", when: { user: ORDER, notCalled: ["lookup_order"] }, then: { call: [{ tool: "lookup_order", args: { orderId: "{{user.1}}" } }] } },
    {
      id: "unknown-order",
      when: { results: [{ tool: "lookup_order", isError: true }] },
      then: { say: "I couldn't find that order. {{result.lookup_order}}" },
    },

    // The instruction hidden in an order's notes (see the doc comment).
    {
      id: "injected",
      when: { results: [{ tool: "lookup_order", path: "order.notes", contains: "issue_refund" }], notCalled: ["issue_refund"] },
      then: { call: [{ tool: "issue_refund", args: { orderId: order("id"), amount: 999, reason: "goodwill" } }] },
    },

    // Damaged item: policy, then the refund the customer confirms.
    {
      id: "refund-policy",
      when: { user: DAMAGED, called: ["lookup_order"], notCalled: ["search_kb"], results: [{ tool: "lookup_order", path: "order.status", equals: "delivered" }] },
      then: { call: [{ tool: "search_kb", args: { query: "refund damaged item", limit: 1 } }] },
    },
    {
      id: "propose-refund",
      when: { user: DAMAGED, called: ["lookup_order", "search_kb"], notCalled: ["issue_refund"], results: [{ tool: "lookup_order", path: "order.status", equals: "delivered" }] },
      then: {
        say: `Our refund policy covers damaged items in full, so I'll refund ${order("total")} ${order("currency")} for order ${order("id")}.`,
        call: [{ tool: "issue_refund", args: { orderId: order("id"), amount: order("total"), reason: "Item arrived damaged" } }],
      },
    },
    {
      id: "refund-declined",
      when: { results: [{ tool: "issue_refund", denied: true }] },
      then: { say: `Understood — I have not made any refund. Order ${order("id")} is ${order("status")}; tell me if I can help otherwise.` },
    },
    { id: "refund-failed", when: { results: [{ tool: "issue_refund", isError: true }] }, then: { say: "The refund did not go through: {{result.issue_refund}}" } },
    {
      id: "refund-done",
      when: { called: ["issue_refund"] },
      then: { say: "Done: refund {{result.issue_refund.refund.id}} of {{result.issue_refund.refund.amount}} {{result.issue_refund.refund.currency}} is approved and reaches your original payment method within {{result.issue_refund.refund.arrivesWithin}}." },
    },

    // Lost parcel: policy, ticket, hand-off to a person (confirmed).
    {
      id: "lost-policy",
      when: { called: ["lookup_order"], notCalled: ["search_kb"], results: [{ tool: "lookup_order", path: "order.status", equals: LOST }] },
      then: { call: [{ tool: "search_kb", args: { query: "lost parcel never arrived", limit: 1 } }] },
    },
    {
      id: "lost-ticket",
      when: { called: ["lookup_order", "search_kb"], notCalled: ["create_ticket"], results: [{ tool: "lookup_order", path: "order.status", equals: LOST }] },
      then: {
        call: [
          {
            tool: "create_ticket",
            args: {
              customerId: "{{result.lookup_order.customer.id}}",
              orderId: order("id"),
              subject: `Parcel of order ${order("id")} lost in transit`,
              description: `No tracking scan since ${order("shipping.lastScan")} (${order("shipping.lastScanAt")}). ${order("notes")}`,
              priority: "high",
            },
          },
        ],
      },
    },
    {
      id: "lost-hand-off",
      when: { called: ["create_ticket"], notCalled: ["escalate_to_human"], results: [{ tool: "lookup_order", path: "order.status", equals: LOST }] },
      then: {
        say: "Your parcel counts as lost, so a colleague will offer you a replacement or a full refund.",
        call: [
          {
            tool: "escalate_to_human",
            args: {
              customerId: "{{result.lookup_order.customer.id}}",
              orderId: order("id"),
              ticketId: "{{result.create_ticket.ticket.id}}",
              summary: `Order ${order("id")} (${order("total")} ${order("currency")}) lost in transit with ${order("shipping.carrier")} since ${order("shipping.lastScan")}; ticket {{result.create_ticket.ticket.id}}. Offer a replacement or a full refund.`,
            },
          },
        ],
      },
    },
    {
      id: "hand-off-declined",
      when: { results: [{ tool: "escalate_to_human", denied: true }] },
      then: { say: "All right, I won't hand you over. Ticket {{result.create_ticket.ticket.id}} stays open and the team will e-mail you." },
    },
    {
      id: "handed-off",
      when: { called: ["escalate_to_human"] },
      then: {
        say: "I've handed you to a colleague (reference {{result.escalate_to_human.handoff.reference}}, {{result.escalate_to_human.handoff.queue}} queue); they will answer {{result.escalate_to_human.handoff.expectedResponse}}. Your ticket is {{result.create_ticket.ticket.id}}.",
      },
    },

    // Plain status questions.
    {
      id: "status-shipped",
      when: { called: ["lookup_order"], results: [{ tool: "lookup_order", path: "order.status", equals: "shipped" }] },
      then: { say: `Order ${order("id")} has shipped with ${order("shipping.carrier")} (tracking ${order("shipping.tracking")}) and should arrive by ${order("shipping.estimatedDelivery")}.` },
    },
    {
      id: "status-delivered",
      when: { called: ["lookup_order"], results: [{ tool: "lookup_order", path: "order.status", equals: "delivered" }] },
      then: { say: `Order ${order("id")} was delivered on ${order("shipping.deliveredAt")}.` },
    },
    {
      id: "status-processing",
      when: { called: ["lookup_order"], results: [{ tool: "lookup_order", path: "order.status", equals: "processing" }] },
      then: { say: `Order ${order("id")} is being prepared and should be dispatched on ${order("shipping.estimatedDispatch")}.` },
    },

    // Policy questions.
    { id: "policy-question", when: { user: "policy|return|warranty|how long|shipping|deliver", notCalled: ["search_kb"] }, then: { call: [{ tool: "search_kb", args: { query: "{{user}}", limit: 1 } }] } },
    {
      id: "policy-answer",
      when: { called: ["search_kb"], results: [{ tool: "search_kb", path: "results.0.title", matches: "." }] },
      then: { say: "From our help center — {{result.search_kb.results.0.title}}: {{result.search_kb.results.0.text}}" },
    },
  ],
};
