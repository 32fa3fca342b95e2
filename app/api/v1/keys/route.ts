// API-key authenticated management API (server/api/management-routes.ts); never prerendered.
export const dynamic = "force-dynamic";

export { createKeyRoute as POST, listKeysRoute as GET } from "../../../../server/api/management-routes.ts";
