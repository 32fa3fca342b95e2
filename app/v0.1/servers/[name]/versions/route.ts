export { listVersionsRoute as GET } from "../../../../../server/registry/registry-routes.ts";
