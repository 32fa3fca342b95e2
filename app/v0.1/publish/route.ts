// API-key authenticated management API (server/api/management-routes.ts); never prerendered.
export const dynamic = "force-dynamic";

export { publishRoute as POST } from "../../../server/api/management-routes.ts";
