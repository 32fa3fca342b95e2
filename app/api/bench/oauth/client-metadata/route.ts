import { clientMetadataDocument } from "../../../../../server/bench/oauth/client-registration.ts";

export const dynamic = "force-dynamic";

/**
 * The bench's OAuth client ID metadata document: an authorization server that supports them
 * fetches this URL, which is also the client_id. Public by design, and holds no secret.
 */
export function GET(request: Request): Response {
  return Response.json(clientMetadataDocument(new URL(request.url).origin), { headers: { "cache-control": "public, max-age=300" } });
}
