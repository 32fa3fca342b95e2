// API-key authenticated management API (server/api/agent-eval-routes.ts); never prerendered.
export const dynamic = "force-dynamic";

export { runAgentEvalsRoute as POST } from "../../../../../../server/api/agent-eval-routes.ts";
