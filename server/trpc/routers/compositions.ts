import { z } from "zod";
import { DEPLOYMENT_NAME, compositionMembersSchema, refineClashes } from "../../../runner/gateway/compose/composition-spec.ts";
import {
  createComposition,
  deleteComposition,
  getComposition,
  listCompositions,
  previewComposition,
  type SaveCompositionOptions,
  updateComposition,
} from "../../compositions/compositions-service.ts";
import type { Runtime } from "../../runtime-registry.ts";
import { agentsLister } from "../../compositions/member-listings.ts";
import { router, tenantProcedure } from "../trpc.ts";

const name = z
  .string({ error: "expected a name for the composite, e.g. workbench" })
  .regex(DEPLOYMENT_NAME, { error: "expected a name of 1 to 63 letters, digits, _ or -, starting with a letter or digit, e.g. workbench" });

/** The composition's fields at the top level, so errors name them as `members.1.prefix`. */
export const compositionInput = z.object({ name, members: compositionMembersSchema }).superRefine(refineClashes);
const previewInput = z.object({ name: name.optional(), members: compositionMembersSchema }).superRefine(refineClashes);

type TenantContext = { runtime: Runtime; tenantId: string; actor: string };

function saveOptions(ctx: TenantContext, input: z.infer<typeof compositionInput>): SaveCompositionOptions {
  return {
    db: ctx.runtime.database.prisma,
    secretBox: ctx.runtime.secretBox,
    engine: ctx.runtime.engine,
    tenantId: ctx.tenantId,
    actor: ctx.actor,
    gatewayUrl: ctx.runtime.urls.gateway,
    name: input.name,
    composition: { members: input.members },
    lister: agentsLister(ctx.runtime),
  };
}

export const compositionsRouter = router({
  list: tenantProcedure.query(({ ctx }) => listCompositions({ db: ctx.runtime.database.prisma, tenantId: ctx.tenantId, gatewayUrl: ctx.runtime.urls.gateway })),

  get: tenantProcedure
    .input(z.object({ name }))
    .query(({ ctx, input }) => getComposition({ db: ctx.runtime.database.prisma, tenantId: ctx.tenantId, gatewayUrl: ctx.runtime.urls.gateway, name: input.name })),

  // A mutation, though it changes nothing: it leases a process of each member to list its tools,
  // and a draft composition can be longer than a URL carries.
  preview: tenantProcedure
    .input(previewInput)
    .mutation(({ ctx, input }) =>
      previewComposition({
        db: ctx.runtime.database.prisma,
        secretBox: ctx.runtime.secretBox,
        tenantId: ctx.tenantId,
        composition: { members: input.members },
        lister: agentsLister(ctx.runtime),
        self: input.name,
      }),
    ),

  create: tenantProcedure.input(compositionInput).mutation(({ ctx, input }) => createComposition(saveOptions(ctx, input))),

  update: tenantProcedure.input(compositionInput).mutation(({ ctx, input }) => updateComposition(saveOptions(ctx, input))),

  delete: tenantProcedure
    .input(z.object({ name }))
    .mutation(({ ctx, input }) =>
      deleteComposition({ db: ctx.runtime.database.prisma, engine: ctx.runtime.engine, tenantId: ctx.tenantId, actor: ctx.actor, gatewayUrl: ctx.runtime.urls.gateway, name: input.name }),
    ),
});
