export { getVersionRoute as GET } from "../../../../../../server/registry/registry-routes.ts";
