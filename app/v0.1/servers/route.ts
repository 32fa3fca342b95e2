// Reads the request's query and the live database: never prerendered at build time.
export const dynamic = "force-dynamic";

export { listServersRoute as GET } from "../../../server/registry/registry-routes.ts";
