// The agents' HTTP API (server/api/agent-routes.ts); never prerendered.
export const dynamic = "force-dynamic";

export { startConversationRoute as POST } from "../../../../server/api/agent-routes.ts";
