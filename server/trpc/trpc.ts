import { TRPCError, initTRPC } from "@trpc/server";
import { ZodError } from "zod";
import { AppError } from "../errors.ts";
import type { Runtime } from "../runtime-registry.ts";
import { authenticateConsole } from "./console-auth.ts";
import { requireOrigin } from "./origin-required.ts";

export interface Context {
  runtime: Runtime;
  headers: Headers;
}

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error }) {
    if (error.cause instanceof AppError && error.cause.details) {
      const { fieldErrors } = error.cause.details;
      return { ...shape, data: { ...shape.data, details: error.cause.details, ...(fieldErrors ? { fieldErrors: fieldErrors as Record<string, string> } : {}) } };
    }
    const zod = error.cause instanceof ZodError ? error.cause : undefined;
    if (!zod) return shape;
    // One line a person can act on, plus every field's message for forms.
    const fieldErrors: Record<string, string> = {};
    for (const issue of zod.issues) fieldErrors[issue.path.join(".") || "input"] ??= issue.message;
    const [field, message] = Object.entries(fieldErrors)[0]!;
    return { ...shape, message: `${field}: ${message}`, data: { ...shape.data, fieldErrors } };
  },
});

const STATUS_OF: Record<AppError["code"], TRPCError["code"]> = {
  NOT_FOUND: "NOT_FOUND",
  BAD_REQUEST: "BAD_REQUEST",
  CONFLICT: "CONFLICT",
  FORBIDDEN: "FORBIDDEN",
  UNAUTHORIZED: "UNAUTHORIZED",
};

/** Domain errors become tRPC errors with the same message; anything else stays a 500. */
const appErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) {
    throw new TRPCError({ code: STATUS_OF[result.error.cause.code], message: result.error.cause.message, cause: result.error.cause });
  }
  return result;
});

export const router = t.router;
export const publicProcedure = t.procedure.use(appErrors);

export const tenantProcedure = publicProcedure.use(({ ctx, next, type }) => {
  const auth = authenticateConsole(ctx.runtime, ctx.headers);
  if (!auth.ok) throw new TRPCError({ code: "UNAUTHORIZED", message: auth.message });
  if (type === "mutation") requireOrigin(ctx.headers);
  return next({ ctx: { ...ctx, tenantId: auth.tenantId, actor: auth.actor } });
});
