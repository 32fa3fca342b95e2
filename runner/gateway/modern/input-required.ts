import type { ForwardedCall } from "./forwarded-call.ts";
import type { RequestStateClaims, RequestStateSealer } from "./request-state.ts";

/** How long a parked call waits for the client's retry. */
const PARK_TTL_MS = 5 * 60_000;

export type Taken = { ok: true; call: ForwardedCall } | { ok: false; message: string };

/**
 * Calls parked on input_required, waiting for the client's retry (MRTR). Each round's
 * requestState is sealed to the key, deployment, method and params, and works once: taking a
 * call unparks it, and asking again parks it under the next round.
 */
export class ParkedCalls {
  private readonly parked = new Map<string, ForwardedCall>();

  constructor(
    private readonly sealer: RequestStateSealer,
    private readonly now: () => number = Date.now,
    private readonly ttlMs = PARK_TTL_MS,
  ) {}

  get size(): number {
    return this.parked.size;
  }

  /** Parks the call for a new round; returns that round's requestState. */
  park(call: ForwardedCall): string {
    call.round++;
    call.parkedUntil = this.now() + this.ttlMs;
    this.parked.set(call.parkId, call);
    return this.sealer.seal({ keyId: call.keyId, deploymentId: call.deploymentId, method: call.method, digest: call.digest, parkId: call.parkId, round: call.round, expiresAt: call.parkedUntil });
  }

  /** The parked call a retry's requestState names, if it is this key's, for this request, and still waiting. */
  take(requestState: string, expected: Pick<RequestStateClaims, "keyId" | "deploymentId" | "method" | "digest">): Taken {
    const opened = this.sealer.open(requestState, expected);
    if (!opened.ok) return opened;
    const call = this.parked.get(opened.claims.parkId);
    if (!call || call.round !== opened.claims.round) {
      return { ok: false, message: "params.requestState was used already, or its call has ended: send the request again without requestState and inputResponses" };
    }
    this.parked.delete(call.parkId);
    return { ok: true, call };
  }

  forget(call: ForwardedCall): void {
    // A call never parked has no park id yet, and asking for one would make it.
    if (call.round > 0) this.parked.delete(call.parkId);
  }

  /** Ends the calls whose client did not retry in time; called by the gateway's one modern sweep. */
  sweep(): void {
    const now = this.now();
    for (const call of [...this.parked.values()]) {
      if (call.parkedUntil <= now) call.end(`no retry within ${Math.round(this.ttlMs / 60_000)} minutes of input_required`);
    }
  }
}
