import { ZodError, z } from "zod";
import { getConversation, runConversationTurn, startConversation, turnInputSchema } from "../agents/conversations-service.ts";
import { answerElicitation, elicitationAnswerSchema } from "../agents/elicitation-answers.ts";
import { streamTurn } from "../agents/turn-stream.ts";
import { AppError } from "../errors.ts";
import { currentRuntime, type Runtime } from "../runtime-registry.ts";
import { authenticateConsoleRequest } from "../trpc/console-auth.ts";
import { keyCaller } from "./api-key-request.ts";
import { jsonBody } from "./json-route.ts";

/**
 * The agents' HTTP API, for running a turn and watching it live (tRPC has the rest):
 *
 *   POST /api/agents/conversations              { agent, version?, title? }  → 201 the conversation
 *   GET  /api/agents/conversations/{id}                                       → turns, steps, tool calls
 *   POST /api/agents/conversations/{id}/turns   { message } | { confirmations } → text/event-stream
 *   POST /api/agents/conversations/{id}/elicitations/{elicitationId}  { action, content? } → 200
 *        (the answer to a tool server's question that a running turn streamed as elicitation-required)
 *
 * Callers are the console (its session cookie, same origin) or anyone with an API key of the
 * tenant with the "*" scope (`Authorization: Bearer sy_…`).
 */

type Params<T> = { params: Promise<T> };

const STATUS_OF: Record<AppError["code"], number> = { BAD_REQUEST: 400, UNAUTHORIZED: 401, FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409 };

const startInput = z
  .object({
    agent: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, { error: "expected an agent id, e.g. customer-service" }),
    version: z.string().max(100).optional(),
    title: z.string().trim().min(1).max(200).optional(),
  })
  .strict();

export function startConversationRoute(request: Request): Promise<Response> {
  return handle(request, async (runtime, tenantId) => {
    const input = startInput.parse(await jsonBody(request));
    return Response.json(await startConversation(runtime, { tenantId, ...input }), { status: 201 });
  });
}

export function getConversationRoute(request: Request, { params }: Params<{ id: string }>): Promise<Response> {
  return handle(request, async (runtime, tenantId) => Response.json(await getConversation(runtime, { tenantId, id: (await params).id })));
}

export function runTurnRoute(request: Request, { params }: Params<{ id: string }>): Promise<Response> {
  return handle(request, async (runtime, tenantId) => {
    const { id } = await params;
    const input = turnInputSchema.parse(await jsonBody(request));
    return streamTurn((onEvent) => runConversationTurn(runtime, { tenantId, conversationId: id, input, onEvent }));
  });
}

export function answerElicitationRoute(request: Request, { params }: Params<{ id: string; elicitationId: string }>): Promise<Response> {
  return handle(request, async (runtime, tenantId) => {
    const { id, elicitationId } = await params;
    const answer = elicitationAnswerSchema.parse(await jsonBody(request));
    return Response.json(await answerElicitation(runtime, { tenantId, conversationId: id, elicitationId, answer }));
  });
}

async function handle(request: Request, run: (runtime: Runtime, tenantId: string) => Promise<Response>): Promise<Response> {
  try {
    const runtime = currentRuntime();
    return await run(runtime, await callerTenant(runtime, request));
  } catch (error) {
    if (error instanceof AppError) return Response.json({ error: error.message, ...(error.details ? { details: error.details } : {}) }, { status: STATUS_OF[error.code] });
    if (error instanceof ZodError) {
      const fieldErrors = Object.fromEntries(error.issues.map((issue) => [issue.path.join(".") || "body", issue.message]));
      const [field, message] = Object.entries(fieldErrors)[0]!;
      return Response.json({ error: `${field}: ${message}`, details: { fieldErrors } }, { status: 400 });
    }
    throw error;
  }
}

/** An API key when the request has one, else the console's session. */
async function callerTenant(runtime: Runtime, request: Request): Promise<string> {
  if (request.headers.has("authorization")) return (await keyCaller(runtime, request)).tenantId;
  const auth = authenticateConsoleRequest(runtime, request);
  if (!auth.ok) throw new AppError("UNAUTHORIZED", `${auth.message}; or send an API key of your tenant as Authorization: Bearer sy_…`);
  return auth.tenantId;
}
