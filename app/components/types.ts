import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "../../server/trpc/root.ts";

/** What the marketplace pages read, as the registry router returns it. */
type Outputs = inferRouterOutputs<AppRouter>;

export type ComponentList = Outputs["registry"]["components"];
export type ComponentSummary = ComponentList["items"][number];
export type ComponentDetail = Outputs["registry"]["component"];
export type VersionSummary = ComponentDetail["versions"][number];
export type RevisionProbe = VersionSummary["compatibility"][number];
export type ContractChange = VersionSummary["changes"][number];
export type VersionDetail = Outputs["registry"]["version"];
export type Contract = NonNullable<VersionDetail["snapshot"]>;
export type ContractTool = Contract["tools"][number];
export type EnvironmentVariable = VersionDetail["environmentVariables"][number];
export type CreatedDeployment = Outputs["deployments"]["create"];

/** The transports a component can be filtered by, as the registry names them. */
export const TRANSPORTS = ["stdio", "streamable-http", "sse"] as const;
export type Transport = (typeof TRANSPORTS)[number];
