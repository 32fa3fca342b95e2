// Asking the user before a change, through the client: an MCP elicitation/create request with a
// `confirm` box and the values of the change the user may edit. Only "accept" with confirm ticked
// approves; decline, cancel, an unticked box, a client that cannot ask, or no answer at all leave
// everything as it was.
import { ElicitResultSchema } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";

/** How long the server waits for the user; the agent runtime answers "decline" well before. */
const ANSWER_WAIT_MS = 10 * 60_000;

const WHY = {
  decline: "the user declined",
  cancel: "the user dismissed the question",
  not_confirmed: "the user did not tick confirm",
};

/**
 * Asks the user to approve a change. `fields` are editable values: { name: { schema, parse } },
 * `schema` a primitive JSON schema (string, number, integer, boolean, enum) with the proposed value
 * as its default, `parse` a zod type for the answer. Resolves to { approved: true, values } or
 * { approved: false, outcome, why } — never throws for the user's answer.
 */
export async function confirmChange(server, extra, { message, confirmTitle, fields = {} }) {
  if (!server.server.getClientCapabilities()?.elicitation) {
    return { approved: false, outcome: "cannot_ask", why: "this client cannot ask the user (it did not declare the elicitation capability)" };
  }
  const properties = { confirm: { type: "boolean", title: confirmTitle, description: "Untick to leave everything as it is", default: true } };
  for (const [name, field] of Object.entries(fields)) properties[name] = field.schema;
  const requestedSchema = { type: "object", properties, required: ["confirm", ...Object.keys(fields)] };
  let result;
  try {
    result = await extra.sendRequest({ method: "elicitation/create", params: { message, requestedSchema } }, ElicitResultSchema, { timeout: ANSWER_WAIT_MS, signal: extra.signal });
  } catch (error) {
    return { approved: false, outcome: "no_answer", why: `the user could not be asked (${error instanceof Error ? error.message : String(error)})` };
  }
  if (result.action !== "accept") return { approved: false, outcome: result.action, why: WHY[result.action] };
  const shape = { confirm: z.boolean({ error: "confirm: expected true or false" }) };
  for (const [name, field] of Object.entries(fields)) shape[name] = field.parse;
  const parsed = z.object(shape).safeParse(result.content ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { approved: false, outcome: "invalid_answer", why: `the answer was not usable (${issue.path.join(".") || "content"}: ${issue.message})` };
  }
  if (parsed.data.confirm !== true) return { approved: false, outcome: "not_confirmed", why: WHY.not_confirmed };
  const { confirm: _confirm, ...values } = parsed.data;
  return { approved: true, values };
}
