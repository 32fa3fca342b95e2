import { z } from "zod";
import { fleetProber } from "../../registry/fleet-prober.ts";
import { diffVersions, getComponent, getComponentVersion, listComponents } from "../../registry/marketplace-read.ts";
import { publishVersion } from "../../registry/publish.ts";
import { router, tenantProcedure } from "../trpc.ts";

const componentName = z.string().min(3, { error: "expected a component name such as io.github.acme/weather" }).max(200);
const version = z.string().min(1, { error: "expected a version such as 1.0.2" }).max(255);

export const registryRouter = router({
  components: tenantProcedure
    .input(
      z.object({
        search: z.string().trim().max(100).optional(),
        transport: z.enum(["stdio", "streamable-http", "sse"]).optional(),
        category: z.string().max(40).optional(),
        verified: z.boolean().optional(),
        cursor: z.string().max(200).optional(),
        limit: z.number().int().min(1).max(100).default(30),
      }),
    )
    .query(({ ctx, input }) => listComponents(ctx.runtime.database.prisma, input)),

  component: tenantProcedure
    .input(z.object({ name: componentName }))
    .query(({ ctx, input }) => getComponent(ctx.runtime.database.prisma, input.name, ctx.tenantId, ctx.runtime.urls.gateway)),

  version: tenantProcedure
    .input(z.object({ name: componentName, version }))
    .query(({ ctx, input }) => getComponentVersion(ctx.runtime.database.prisma, input.name, input.version)),

  diff: tenantProcedure
    .input(z.object({ name: componentName, from: version, to: version }))
    .query(({ ctx, input }) => diffVersions(ctx.runtime.database.prisma, input.name, input.from, input.to)),

  publish: tenantProcedure
    .input(
      z.object({
        serverJson: z.unknown(),
        probeEnvironment: z.record(z.string().max(255), z.string().max(4096)).optional(),
        force: z.boolean().optional(),
      }),
    )
    .mutation(({ ctx, input }) =>
      publishVersion(
        { db: ctx.runtime.database.prisma, prober: fleetProber(ctx.runtime), mode: ctx.runtime.config.mode },
        { tenantId: ctx.tenantId, actor: ctx.actor, document: input.serverJson, probeEnvironment: input.probeEnvironment, force: input.force },
      ),
    ),
});
