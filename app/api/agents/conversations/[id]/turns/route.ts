// Runs a turn of a conversation and streams it as Server-Sent Events (server/api/agent-routes.ts).
export const dynamic = "force-dynamic";

export { runTurnRoute as POST } from "../../../../../../server/api/agent-routes.ts";
