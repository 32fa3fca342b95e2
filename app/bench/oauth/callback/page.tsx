"use client";
import { useEffect, useState } from "react";
import { CONSENT_CHANNEL, type ConsentMessage, consentFromSearch } from "../../../../server/bench/oauth/consent-channel.ts";

/** Where the authorization server sends the consent window back: hands the answer to the bench tab and closes. */
export default function OAuthCallbackPage() {
  const [message, setMessage] = useState<ConsentMessage | null>(null);
  useEffect(() => {
    const answer = consentFromSearch(window.location.search);
    setMessage(answer);
    const channel = new BroadcastChannel(CONSENT_CHANNEL);
    channel.postMessage(answer);
    channel.close();
    // Only a window the bench opened closes itself; one opened by hand stays to be read.
    if (window.opener || window.name === "switchyard-oauth") setTimeout(() => window.close(), 300);
  }, []);
  return (
    <main className="oauth-callback" style={{ maxWidth: "36rem", margin: "3rem auto" }}>
      <h1>Authorization</h1>
      {!message ? <p>Reading the answer…</p> : message.error ? (
        <p role="alert">
          The authorization server answered <code>{message.error}</code>
          {message.errorDescription ? `: ${message.errorDescription}` : ""}. The bench tab shows what to try.
        </p>
      ) : message.code ? (
        <p>Approved. The bench tab continues with the token exchange; this window closes by itself.</p>
      ) : (
        <p role="alert">This page expects the authorization server’s answer (a code or an error) and got neither.</p>
      )}
    </main>
  );
}
