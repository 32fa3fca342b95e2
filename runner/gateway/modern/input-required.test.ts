import { describe, expect, it } from "vitest";
import type { ForwardedCall } from "./forwarded-call.ts";
import { ParkedCalls } from "./input-required.ts";
import { RequestStateSealer } from "./request-state.ts";

const binding = { keyId: "k", deploymentId: "d", method: "tools/call", digest: "h" };

/** The part of a ForwardedCall that parking uses; `end` is what the real call's hooks do. */
function parkable(parks: ParkedCalls) {
  const endings: string[] = [];
  const call = {
    ...binding,
    parkId: "park-1",
    round: 0,
    parkedUntil: 0,
    endings,
    end: (reason: string) => {
      endings.push(reason);
      parks.forget(call as unknown as ForwardedCall);
    },
  };
  return call;
}

describe("ParkedCalls", () => {
  it("hands a parked call to the first retry of its round only", () => {
    const parks = new ParkedCalls(new RequestStateSealer());
    const call = parkable(parks);
    const first = parks.park(call as unknown as ForwardedCall);
    expect(parks.take(first, binding)).toEqual({ ok: true, call });
    expect(parks.take(first, binding)).toMatchObject({ ok: false, message: expect.stringMatching(/used already/) });
    const second = parks.park(call as unknown as ForwardedCall);
    expect(parks.take(first, binding)).toMatchObject({ ok: false });
    expect(parks.take(second, binding)).toMatchObject({ ok: true });
  });

  it("ends a call whose client did not retry within the TTL", () => {
    let now = 0;
    const parks = new ParkedCalls(new RequestStateSealer(() => now), () => now, 300_000);
    const call = parkable(parks);
    const token = parks.park(call as unknown as ForwardedCall);
    now = 299_999;
    parks.sweep();
    expect(call.endings).toEqual([]);
    now = 300_000;
    parks.sweep();
    expect(call.endings).toEqual(["no retry within 5 minutes of input_required"]);
    expect(parks.size).toBe(0);
    expect(parks.take(token, binding)).toMatchObject({ ok: false, message: expect.stringMatching(/expired/) });
  });

  it("forgets a parked call, and leaves a call never parked without a park id (it is made on first use)", () => {
    const parks = new ParkedCalls(new RequestStateSealer());
    let idsMade = 0;
    const unparked = {
      ...binding,
      round: 0,
      get parkId() {
        idsMade++;
        return "park-2";
      },
    };
    parks.forget(unparked as unknown as ForwardedCall);
    expect(idsMade).toBe(0);
    const call = parkable(parks);
    const token = parks.park(call as unknown as ForwardedCall);
    parks.forget(call as unknown as ForwardedCall);
    expect(parks.size).toBe(0);
    expect(parks.take(token, binding)).toMatchObject({ ok: false, message: expect.stringMatching(/used already/) });
  });
});
