// API-key authenticated management API (server/api/management-routes.ts); never prerendered.
export const dynamic = "force-dynamic";

export { createDeploymentRoute as POST, listDeploymentsRoute as GET } from "../../../../server/api/management-routes.ts";
