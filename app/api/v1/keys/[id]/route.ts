// API-key authenticated management API (server/api/management-routes.ts); never prerendered.
export const dynamic = "force-dynamic";

export { revokeKeyRoute as DELETE } from "../../../../../server/api/management-routes.ts";
