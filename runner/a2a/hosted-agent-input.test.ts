import type { Message } from "@a2a-js/sdk";
import { RequestMalformedError } from "@a2a-js/sdk/errors";
import { describe, expect, it } from "vitest";
import type { PendingConfirmation } from "../agents/events.ts";
import { dataPart, textPart, userMessage } from "./a2a-model.ts";
import { confirmationInput, messageInput } from "./hosted-agent-input.ts";

function pending(id: string, name: string): PendingConfirmation {
  return { id, toolCallId: `call-${id}`, name, deployment: "desk", tool: name, args: {}, message: `Run ${name}?`, requestedSchema: { type: "object", properties: {} } };
}

const refund = pending("c1", "issue_refund");
const cancel = pending("c2", "cancel_order");
const message = (...parts: Parameters<typeof userMessage>[0]): Message => userMessage(parts, { taskId: "t1", contextId: "x" });

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(RequestMalformedError);
    return (error as Error).message;
  }
  throw new Error("expected a RequestMalformedError");
}

describe("a message that starts a turn", () => {
  it("is the message's text, and refuses one without text or too long", () => {
    expect(messageInput(message(textPart("  Where is order 1002? ")))).toEqual({ message: "Where is order 1002?" });
    expect(refusal(() => messageInput(message(dataPart({ orderId: "1002" }))))).toMatch(/^params\.message\.parts: expected a text part/);
    expect(refusal(() => messageInput(message(textPart("x".repeat(10_001)))))).toBe("params.message.parts: the text is 10001 characters; at most 10000 are accepted");
  });
});

describe("the answer to a task's confirmations", () => {
  it("takes a word for all of them, as text", () => {
    expect(confirmationInput(message(textPart("Yes!")), [refund, cancel])).toEqual({ confirmations: [{ id: "c1", action: "accept" }, { id: "c2", action: "accept" }] });
    expect(confirmationInput(message(textPart("no")), [refund])).toEqual({ confirmations: [{ id: "c1", action: "decline" }] });
    expect(refusal(() => confirmationInput(message(textPart("maybe")), [refund, cancel]))).toBe(
      'params.message.parts: the agent waits for your answer to running issue_refund, cancel_order: send "accept", "decline" or "cancel" as text, or a data part { "action": … }',
    );
  });

  it("takes a data part with one action and a reason, or an answer per confirmation", () => {
    expect(confirmationInput(message(dataPart({ action: "decline", reason: "too much" })), [refund])).toEqual({ confirmations: [{ id: "c1", action: "decline", reason: "too much" }] });
    const each = { confirmations: [{ id: "c1", action: "accept" }, { id: "c2", action: "cancel" }] };
    expect(confirmationInput(message(dataPart(each)), [refund, cancel])).toEqual(each);
  });

  it("names the bad field of a data part", () => {
    expect(refusal(() => confirmationInput(message(textPart("see data")), [refund]))).toContain("params.message.parts:");
    expect(refusal(() => confirmationInput(message(textPart("hi"), dataPart({ action: "approve" })), [refund]))).toBe(
      'params.message.parts[1].data: expected { "action": "accept" | "decline" | "cancel" } or { "confirmations": [{ "id", "action" }] }',
    );
    expect(refusal(() => confirmationInput(message(dataPart({ confirmations: [{ id: "c9", action: "accept" }] })), [refund]))).toBe(
      'params.message.parts[0].data.confirmations: no pending confirmation "c9"; pending: c1 (issue_refund)',
    );
  });
});
