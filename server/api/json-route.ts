import { ZodError } from "zod";
import { jsonPath } from "../registry/manifest-schema.ts";
import { AppError } from "../errors.ts";
import { currentRuntime, type Runtime } from "../runtime-registry.ts";
import { type KeyCaller, keyCaller } from "./api-key-request.ts";

const STATUS_OF: Record<AppError["code"], number> = { BAD_REQUEST: 400, UNAUTHORIZED: 401, FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409 };

/** Bodies larger than this are refused before they are parsed. */
const MAX_BODY_BYTES = 256 * 1024;

export interface ApiContext {
  runtime: Runtime;
  caller: KeyCaller;
  request: Request;
}

/**
 * A management API handler: API-key auth, a JSON body read with a size limit, and errors as
 * `{ error, details? }` with the status their code stands for (the SDK turns them back into
 * typed errors).
 */
export function keyRoute(handle: (context: ApiContext) => Promise<unknown>, status = 200): (request: Request) => Promise<Response> {
  return async (request) => {
    try {
      const runtime = currentRuntime();
      const caller = await keyCaller(runtime, request);
      return Response.json(await handle({ runtime, caller, request }), { status });
    } catch (error) {
      if (error instanceof AppError) return Response.json({ error: error.message, ...(error.details ? { details: error.details } : {}) }, { status: STATUS_OF[error.code] });
      if (error instanceof ZodError) {
        const fieldErrors = Object.fromEntries(error.issues.map((issue) => [jsonPath(issue.path).replace(/^\$\.?/, "") || "body", issue.message]));
        const [field, message] = Object.entries(fieldErrors)[0]!;
        return Response.json({ error: `${field}: ${message}`, details: { fieldErrors } }, { status: 400 });
      }
      throw error;
    }
  };
}

/** The request's JSON body, refused with a clear error when too large or not JSON. */
export async function jsonBody(request: Request): Promise<unknown> {
  const length = Number(request.headers.get("content-length") ?? 0);
  if (length > MAX_BODY_BYTES) throw new AppError("BAD_REQUEST", `the body is ${length} bytes; at most ${MAX_BODY_BYTES} are accepted`);
  const text = await request.text();
  if (text.length > MAX_BODY_BYTES) throw new AppError("BAD_REQUEST", `the body is over ${MAX_BODY_BYTES} bytes; at most ${MAX_BODY_BYTES} are accepted`);
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("BAD_REQUEST", "the body is not valid JSON");
  }
}
