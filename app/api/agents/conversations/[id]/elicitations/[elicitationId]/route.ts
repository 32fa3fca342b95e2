// Answers a tool server's question that a running turn is waiting for (server/api/agent-routes.ts).
export const dynamic = "force-dynamic";

export { answerElicitationRoute as POST } from "../../../../../../../server/api/agent-routes.ts";
