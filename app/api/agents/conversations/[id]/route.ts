// The agents' HTTP API (server/api/agent-routes.ts); never prerendered.
export const dynamic = "force-dynamic";

export { getConversationRoute as GET } from "../../../../../server/api/agent-routes.ts";
