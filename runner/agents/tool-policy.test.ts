import { describe, expect, it } from "vitest";
import { exposedToolName, needsConfirmation } from "./tool-policy.ts";

describe("needsConfirmation", () => {
  it("asks before anything that is not read-only or declared additive, as the MCP defaults say", () => {
    expect(needsConfirmation({ readOnlyHint: true })).toBe(false);
    expect(needsConfirmation({ readOnlyHint: true, destructiveHint: true })).toBe(false);
    expect(needsConfirmation({ readOnlyHint: false, destructiveHint: false })).toBe(false);
    expect(needsConfirmation({ readOnlyHint: false, destructiveHint: true })).toBe(true);
    expect(needsConfirmation({ destructiveHint: true })).toBe(true);
    // destructiveHint defaults to true for a tool that is not read-only.
    expect(needsConfirmation({ readOnlyHint: false })).toBe(true);
    expect(needsConfirmation({ title: "Something" })).toBe(true);
    expect(needsConfirmation(undefined)).toBe(true);
  });
});

describe("exposedToolName", () => {
  it("keeps a tool's name for one deployment and namespaces it for several", () => {
    expect(exposedToolName("customer-service", "lookup_order", false)).toBe("lookup_order");
    expect(exposedToolName("customer-service", "lookup_order", true)).toBe("customer-service__lookup_order");
  });

  it("gives model APIs only the characters and length they accept, and keeps long names apart", () => {
    expect(exposedToolName("crm", "orders.find/v2", true)).toBe("crm__orders_find_v2");
    const long = "x".repeat(80);
    const a = exposedToolName("desk", `${long}a`, true);
    const b = exposedToolName("desk", `${long}b`, true);
    expect(a).toHaveLength(64);
    expect(a).toMatch(/^[A-Za-z0-9_-]{64}$/);
    expect(a).not.toBe(b);
  });
});
