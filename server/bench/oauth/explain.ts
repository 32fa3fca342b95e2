import { OAuthError } from "@modelcontextprotocol/sdk/server/auth/errors.js";
import { ProxyStepError } from "../session/tunnel-fetch.ts";
import type { StepId } from "./flow-log.ts";

/** What an OAuth error code means for the user, and what to try. */
const OAUTH_CODES: Record<string, { means: string; hint: string }> = {
  invalid_client: { means: "the authorization server did not accept the client's credentials", hint: "check the client ID and client secret; a dynamically registered client may have expired: authorize again" },
  invalid_grant: { means: "the authorization server refused the grant (the code or refresh token is invalid, expired, already used, or the PKCE verifier does not match)", hint: "authorize again to get a fresh code and tokens" },
  unauthorized_client: { means: "this client is not allowed to use this grant", hint: "check the grant types the client is registered for" },
  invalid_scope: { means: "the requested scope is not accepted", hint: "leave the scope empty, or use one the server lists in scopes_supported" },
  access_denied: { means: "the authorization was refused on the consent page", hint: "authorize again and approve, or ask the server's administrator for access" },
  invalid_request: { means: "the authorization server refused the request as malformed", hint: "the server's description below says which parameter; check the redirect URI registered for the client" },
  invalid_client_metadata: { means: "the authorization server refused the bench's client metadata", hint: "enter a client registered by hand (client ID and secret) instead" },
  invalid_redirect_uri: { means: "the authorization server refused the bench's redirect URI", hint: "register the bench's callback URL with the server, or use a client registered for it" },
  server_error: { means: "the authorization server failed", hint: "retry later, and check the server's logs" },
  temporarily_unavailable: { means: "the authorization server is overloaded or down for now", hint: "retry later" },
};

const FALLBACK_HINT: Record<StepId, string> = {
  "resource-metadata": "check that the server publishes /.well-known/oauth-protected-resource (RFC 9728) and that its WWW-Authenticate names it",
  "server-metadata": "check that the authorization server publishes /.well-known/oauth-authorization-server (RFC 8414) or /.well-known/openid-configuration",
  registration: "enter a client ID (and secret) registered with the authorization server by hand",
  authorization: "authorize again; if the consent page shows an error, it says why",
  token: "authorize again; check the client secret if you entered one",
  connect: "the token was issued but the server refused it: check the scopes it needs",
  refresh: "authorize again to get new tokens",
};

/** A failed step in words: what failed, and what to try. */
export function explainFailure(step: StepId, error: unknown): { summary: string; hint: string } {
  if (error instanceof ProxyStepError) return { summary: `the request did not reach the server: ${error.failure.message}`, hint: error.failure.hint };
  if (error instanceof OAuthError) {
    const known = OAUTH_CODES[error.errorCode];
    const said = error.message && error.message !== error.errorCode ? `: “${error.message}”` : "";
    return known ? { summary: `${known.means} (${error.errorCode})${said}`, hint: known.hint } : { summary: `the authorization server answered ${error.errorCode}${said}`, hint: FALLBACK_HINT[step] };
  }
  const message = error instanceof Error ? error.message : String(error);
  if (/does not implement OAuth 2.0 Protected Resource Metadata/i.test(message)) {
    return { summary: "the server publishes no protected-resource metadata (404)", hint: FALLBACK_HINT["resource-metadata"] };
  }
  if (/does not support code challenge method/i.test(message)) {
    return { summary: "the authorization server does not offer PKCE with S256, which OAuth 2.1 and MCP require", hint: "the server must list S256 in code_challenge_methods_supported" };
  }
  if (error instanceof SyntaxError || /invalid input|expected/i.test(message)) {
    return { summary: `the reply is not the JSON this step expects: ${message.split("\n")[0]!.slice(0, 300)}`, hint: FALLBACK_HINT[step] };
  }
  return { summary: message.split("\n")[0]!.slice(0, 300), hint: FALLBACK_HINT[step] };
}

/** The authorization response's error (RFC 6749 §4.1.2.1) as an OAuthError-like explanation. */
export function explainCallbackError(code: string, description: string | undefined): { summary: string; hint: string } {
  const known = OAUTH_CODES[code];
  const said = description ? `: “${description.slice(0, 300)}”` : "";
  return known ? { summary: `${known.means} (${code})${said}`, hint: known.hint } : { summary: `the authorization server answered ${code}${said}`, hint: FALLBACK_HINT.authorization };
}
