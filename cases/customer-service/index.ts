import { CUSTOMER_SERVICE_DEPLOYMENT, customerServiceAgent } from "./agent.ts";
import { customerServiceEvals } from "./evals.ts";
import { customerServiceManifest } from "./manifest.ts";
import { customerServiceScript } from "./script.ts";
import type { CaseDefinition } from "../case.ts";

export const customerServiceCase: CaseDefinition = {
  id: "customer-service",
  title: "Customer service",
  summary: "A support agent for a web shop: order status, policies from a knowledge base, refunds of damaged items after the customer confirms, and hand-off to a person for lost parcels.",
  agent: customerServiceAgent,
  scripts: [customerServiceScript],
  evals: customerServiceEvals,
  deployments: [{ name: CUSTOMER_SERVICE_DEPLOYMENT, manifest: customerServiceManifest }],
  goldenDir: "cases/customer-service/golden",
  docs: "cases/customer-service/README.md",
};
