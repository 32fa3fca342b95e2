import { describe, expect, it } from "vitest";
import { PENDING_LIMIT, ServerRequests } from "./server-requests.ts";

const params = { message: "?", requestedSchema: { type: "object" as const, properties: {} } };

describe("ServerRequests", () => {
  it("refuses the oldest request past the limit, so a chatty server cannot pile them up", async () => {
    const requests = new ServerRequests(() => 0);
    const asked = Array.from({ length: PENDING_LIMIT + 1 }, () => requests.ask("elicitation", params));
    await expect(asked[0]).rejects.toThrow(`too many requests waiting for the user (${PENDING_LIMIT})`);
    expect(requests.snapshot()).toHaveLength(PENDING_LIMIT);
    expect(requests.snapshot()[0]!.key).toBe(2);
    requests.clear("done");
    await Promise.allSettled(asked);
  });

  it("does not queue a request whose signal is aborted already, and ignores answers to gone requests", async () => {
    const requests = new ServerRequests();
    const abort = new AbortController();
    abort.abort();
    await expect(requests.ask("elicitation", params, abort.signal)).rejects.toThrow("the server cancelled the request");
    expect(requests.snapshot()).toEqual([]);
    expect(requests.answer(1, { action: "cancel" })).toBe(false);
    expect(requests.refuse(1, "no")).toBe(false);
  });

  it("tells subscribers about each change with a new snapshot", () => {
    const requests = new ServerRequests();
    const seen: number[] = [];
    const stop = requests.subscribe(() => seen.push(requests.snapshot().length));
    void requests.ask("elicitation", params).catch(() => undefined);
    const before = requests.snapshot();
    requests.answer(before[0]!.key, { action: "decline" });
    expect(requests.snapshot()).not.toBe(before);
    expect(seen).toEqual([1, 0]);
    stop();
  });
});
