import type { Lease, UpstreamHandle } from "../../protocol/upstream-handle.ts";
import type { ServedDeployment } from "../gateway.ts";
import type { Fleet } from "../routing/fleet.ts";
import type { McpTool } from "./catalog.ts";
import { OwnRequests, readAllPages } from "./own-requests.ts";
import type { MemberListing } from "./review.ts";

/** How long listing one deployment's tools may take, lease included. */
const LIST_TIMEOUT_MS = 20_000;

/** Every tool of an initialized process, on a port of its own that is let go afterwards. */
export async function listTools(handle: UpstreamHandle, timeoutMs = LIST_TIMEOUT_MS): Promise<McpTool[]> {
  const requests = new OwnRequests();
  const port = handle.attach();
  port.onMessage = (message) => void requests.settle(message);
  port.declareCapabilities({});
  const stopWatching = handle.onExit((exit) => requests.failOn(port, `the server process ${exit.reason}`));
  try {
    return (await readAllPages(requests, port, "tools/list", "tools", timeoutMs)) as McpTool[];
  } finally {
    stopWatching();
    port.detach();
  }
}

/**
 * A deployment's tools as a session would see them: a process leased from its pool, listed, and
 * given back. What the console's preview shows, so it matches what the gateway will serve.
 */
export async function listDeploymentTools(fleet: Fleet, deployment: ServedDeployment, timeoutMs = LIST_TIMEOUT_MS): Promise<MemberListing> {
  if (deployment.stopped) return { error: `deployment "${deployment.name}" is stopped; start it from the fleet console` };
  let lease: Lease;
  try {
    lease = await leaseWithin(fleet, deployment, timeoutMs);
  } catch (error) {
    return { error: (error as Error).message };
  }
  try {
    return { tools: await listTools(lease.handle, timeoutMs) };
  } catch (error) {
    return { error: `could not list its tools: ${(error as Error).message}` };
  } finally {
    await fleet.release(deployment.id, lease, "its tools were listed for a composition").catch(() => {});
  }
}

function leaseWithin(fleet: Fleet, deployment: ServedDeployment, timeoutMs: number): Promise<Lease> {
  const leasing = fleet.lease(deployment);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`no process of deployment "${deployment.name}" was ready within ${Math.round(timeoutMs / 1000)} s`));
      // A lease that comes after all goes straight back.
      leasing.then((late) => fleet.release(deployment.id, late, "leased too late for a composition preview"), () => {});
    }, timeoutMs);
    leasing.then(
      (lease) => {
        clearTimeout(timer);
        resolve(lease);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
