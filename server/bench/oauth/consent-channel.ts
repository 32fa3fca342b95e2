import { z } from "zod";
import type { ConsentResult } from "./bench-oauth.ts";

/**
 * How the consent window hands the authorization response back to the bench tab: the callback
 * page (same origin) posts it on a BroadcastChannel, so it arrives even where the window lost its
 * opener (a cross-origin hop with Cross-Origin-Opener-Policy); the tab keeps only the answer to
 * the state it sent.
 */
export const CONSENT_CHANNEL = "switchyard.bench.oauth";

const consentMessage = z.object({
  type: z.literal("oauth-callback"),
  code: z.string().optional(),
  state: z.string().optional(),
  error: z.string().optional(),
  errorDescription: z.string().optional(),
});
export type ConsentMessage = z.infer<typeof consentMessage>;

/** The authorization response in the callback URL's query. */
export function consentFromSearch(search: string): ConsentMessage {
  const params = new URLSearchParams(search);
  const get = (name: string) => params.get(name) ?? undefined;
  return { type: "oauth-callback", code: get("code"), state: get("state"), error: get("error"), errorDescription: get("error_description") };
}

/** How long after the consent window closes its message may still arrive. */
const CLOSE_GRACE_MS = 1500;

/** Resolves with the answer for `authorizationUrl`'s state; rejects when the window is closed first. */
export function waitForConsent(popup: Window, authorizationUrl: URL): Promise<ConsentResult> {
  const state = authorizationUrl.searchParams.get("state");
  return new Promise((resolve, reject) => {
    const channel = new BroadcastChannel(CONSENT_CHANNEL);
    let closedAt: number | undefined;
    const done = () => {
      clearInterval(watch);
      channel.close();
    };
    channel.onmessage = (event: MessageEvent) => {
      const parsed = consentMessage.safeParse(event.data);
      if (!parsed.success || parsed.data.state !== state) return;
      done();
      const { code, error, errorDescription } = parsed.data;
      resolve({ state: parsed.data.state, ...(code ? { code } : {}), ...(error ? { error } : {}), ...(errorDescription ? { errorDescription } : {}) });
    };
    const watch = setInterval(() => {
      if (!popup.closed) return;
      closedAt ??= Date.now();
      if (Date.now() - closedAt < CLOSE_GRACE_MS) return;
      done();
      reject(new Error("the consent window was closed before the authorization server sent the browser back"));
    }, 250);
  });
}
