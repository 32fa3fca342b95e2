/** What the server accepts as a deployment name (server/deployments/create-deployment.ts). */
const ALLOWED = /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/;

/** A name to start from: the component's last segment, made valid, and not one the caller already uses. */
export function suggestedDeploymentName(component: string, taken: string[]): string {
  const base = (component.split("/").at(-1) ?? component).replace(/[^A-Za-z0-9_-]+/g, "-").replace(/^[^A-Za-z0-9]+/, "").slice(0, 56) || "component";
  const used = new Set(taken);
  if (!used.has(base) && ALLOWED.test(base)) return base;
  for (let n = 2; ; n += 1) if (!used.has(`${base}-${n}`)) return `${base}-${n}`;
}
