import { z } from "zod";
import { createKey, listKeys, revokeKey } from "../../keys/keys-service.ts";
import { router, tenantProcedure } from "../trpc.ts";

const scope = z
  .string()
  .regex(/^(\*|[A-Za-z0-9][A-Za-z0-9_-]{0,62})$/, { error: 'expected "*" or a deployment name such as everything' });

export const createKeyInput = z.object({
  name: z
    .string({ error: "expected a name for the key, e.g. ci-runner" })
    .trim()
    .min(1, { error: "expected a name for the key, e.g. ci-runner" })
    .max(64, { error: "expected at most 64 characters" }),
  scopes: z.array(scope).min(1, { error: 'expected at least one scope, e.g. ["*"]' }).max(50).default(["*"]),
  rateLimitPerMinute: z
    .number({ error: "expected a number of calls per minute, e.g. 600" })
    .int({ error: "expected a whole number of calls per minute, e.g. 600" })
    .min(1, { error: "expected at least 1 call per minute" })
    .max(1_000_000, { error: "expected at most 1000000 calls per minute" })
    .default(600),
  dailyQuota: z
    .number({ error: "expected a number of calls per day, e.g. 10000" })
    .int({ error: "expected a whole number of calls per day, e.g. 10000" })
    .min(1, { error: "expected at least 1 call per day" })
    .max(1_000_000_000, { error: "expected at most 1000000000 calls per day" })
    .optional(),
});

export const keysRouter = router({
  list: tenantProcedure.query(({ ctx }) => listKeys({ db: ctx.runtime.database.prisma, engine: ctx.runtime.engine, tenantId: ctx.tenantId })),

  create: tenantProcedure.input(createKeyInput).mutation(({ ctx, input }) =>
    createKey({ db: ctx.runtime.database.prisma, tenantId: ctx.tenantId, actor: ctx.actor, ...input }),
  ),

  revoke: tenantProcedure
    .input(z.object({ id: z.uuid({ error: "expected the id of one of your keys (a UUID)" }) }))
    .mutation(({ ctx, input }) =>
      revokeKey({ db: ctx.runtime.database.prisma, engine: ctx.runtime.engine, tenantId: ctx.tenantId, keyId: input.id, actor: ctx.actor }),
    ),
});
