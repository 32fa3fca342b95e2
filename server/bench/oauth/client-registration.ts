import type { AuthorizationServerMetadata, OAuthClientInformationMixed, OAuthClientMetadata } from "@modelcontextprotocol/sdk/shared/auth.js";

/** Where the consent page sends the browser back to, on the bench's own origin. */
export const CALLBACK_PATH = "/bench/oauth/callback";
/** The bench's client ID metadata document (SEP-991): its URL is the client_id. */
export const CLIENT_METADATA_PATH = "/api/bench/oauth/client-metadata";

/** How the bench registers with an authorization server, chosen from what it supports. */
export type Registration =
  | { kind: "pre-registered"; client: OAuthClientInformationMixed }
  | { kind: "metadata-document"; client: OAuthClientInformationMixed }
  | { kind: "dynamic"; endpoint: string }
  | { kind: "none"; why: string };

/** What the bench says about itself as an OAuth client: a public client (PKCE, no secret). */
export function benchClientMetadata(origin: string): OAuthClientMetadata {
  return {
    client_name: "Switchyard bench",
    client_uri: origin,
    redirect_uris: [`${origin}${CALLBACK_PATH}`],
    grant_types: ["authorization_code", "refresh_token"],
    response_types: ["code"],
    token_endpoint_auth_method: "none",
  };
}

/** The document served at CLIENT_METADATA_PATH: the metadata with its own URL as client_id. */
export function clientMetadataDocument(origin: string): OAuthClientMetadata & { client_id: string } {
  return { client_id: `${origin}${CLIENT_METADATA_PATH}`, ...benchClientMetadata(origin) };
}

/**
 * A client the user registered by hand wins; then a client ID metadata document, which needs
 * an https origin the authorization server can fetch; then dynamic registration (RFC 7591).
 */
export function chooseRegistration(metadata: AuthorizationServerMetadata, origin: string, preRegistered?: { clientId: string; clientSecret?: string }): Registration {
  if (preRegistered?.clientId) {
    return { kind: "pre-registered", client: { client_id: preRegistered.clientId, ...(preRegistered.clientSecret ? { client_secret: preRegistered.clientSecret } : {}) } };
  }
  const cimd = (metadata as { client_id_metadata_document_supported?: unknown }).client_id_metadata_document_supported === true;
  if (cimd && origin.startsWith("https://")) return { kind: "metadata-document", client: { client_id: clientMetadataDocument(origin).client_id } };
  if (metadata.registration_endpoint) return { kind: "dynamic", endpoint: metadata.registration_endpoint };
  return {
    kind: "none",
    why: cimd
      ? "the authorization server takes client ID metadata documents, but this bench runs on plain http, which it cannot use as a client_id, and it offers no dynamic registration"
      : "the authorization server offers neither dynamic client registration nor client ID metadata documents",
  };
}
