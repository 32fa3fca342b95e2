// API-key authenticated management API (server/api/management-routes.ts); never prerendered.
export const dynamic = "force-dynamic";

export { getComponentRoute as GET } from "../../../../../server/api/management-routes.ts";
