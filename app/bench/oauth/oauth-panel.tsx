"use client";
import { useState, useSyncExternalStore } from "react";
import type { AuthorizeOptions, BenchOAuth } from "../../../server/bench/oauth/bench-oauth.ts";
import { waitForConsent } from "../../../server/bench/oauth/consent-channel.ts";
import { StepView } from "./step-view.tsx";
import "./oauth.css";

const POPUP = "switchyard-oauth";

/**
 * Authorize with OAuth 2.1 and watch each step. The consent window opens on the click itself (a
 * popup opened later, after the discovery requests, would be blocked) and is pointed at the
 * authorization URL once the bench knows it.
 */
export function OAuthPanel({ oauth, authorize }: { oauth: BenchOAuth; authorize: (options: AuthorizeOptions) => Promise<void> }) {
  const status = useSyncExternalStore(oauth.subscribe, oauth.status, oauth.status);
  const [client, setClient] = useState({ clientId: "", clientSecret: "", scope: "" });
  const running = status.phase === "running";

  const start = () => {
    const popup = window.open("", POPUP, "popup,width=560,height=720");
    popup?.document.write("<p style='font-family:sans-serif'>Finding the authorization server…</p>");
    const openConsent = (url: URL) => {
      if (!popup || popup.closed) return Promise.reject(new Error("the browser blocked the consent window: allow pop-ups for this site, then authorize again"));
      popup.location.href = url.href;
      return waitForConsent(popup, url);
    };
    const clientId = client.clientId.trim();
    void authorize({
      openConsent,
      ...(clientId ? { preRegistered: { clientId, ...(client.clientSecret ? { clientSecret: client.clientSecret } : {}) } } : {}),
      ...(client.scope.trim() ? { scope: client.scope.trim() } : {}),
    }).finally(() => {
      if (popup && !popup.closed) popup.close();
    });
  };

  return (
    <section className="oauth-panel" aria-label="OAuth">
      <h3 className="panel-title">OAuth 2.1</h3>
      <p className="muted small-print">
        {status.hasToken
          ? `An access token for this server is held in this browser tab only (sessionStorage)${status.clientId ? `, for client ${status.clientId}` : ""}.`
          : "This server wants an OAuth access token. The bench finds its authorization server, registers, asks for your consent in a window, and exchanges the code (PKCE S256); every request goes through Switchyard’s proxy."}
      </p>
      <div className="oauth-actions">
        <button type="button" onClick={start} disabled={running}>
          {running ? "Authorizing…" : status.hasToken ? "Authorize again" : "Authorize"}
        </button>
        {status.hasToken ? (
          <button type="button" className="secondary small" onClick={() => oauth.forget()}>
            Forget the token
          </button>
        ) : null}
      </div>
      <details className="oauth-client">
        <summary>Use a client registered by hand, or a scope</summary>
        <div className="oauth-client-fields">
          <label>
            Client ID
            <input className="mono" value={client.clientId} onChange={(e) => setClient({ ...client, clientId: e.target.value })} autoComplete="off" spellCheck={false} />
          </label>
          <label>
            Client secret
            <input className="mono" type="password" value={client.clientSecret} onChange={(e) => setClient({ ...client, clientSecret: e.target.value })} placeholder="if confidential" autoComplete="off" />
          </label>
          <label>
            Scope
            <input className="mono" value={client.scope} onChange={(e) => setClient({ ...client, scope: e.target.value })} placeholder="optional: the server’s" autoComplete="off" spellCheck={false} />
          </label>
        </div>
      </details>
      <StepView log={oauth.log} />
    </section>
  );
}
