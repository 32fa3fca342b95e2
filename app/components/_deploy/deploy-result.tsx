import Link from "next/link";
import { benchHref } from "../_detail/bench-link.ts";
import type { CreatedDeployment } from "../types.ts";
import { EndpointList } from "./endpoint-list.tsx";

/** After a deploy: where to call it, and the bench one click away. Secret values are not repeated. */
export function DeployResult({ created, onAnother }: { created: CreatedDeployment; onAnother: () => void }) {
  return (
    <div className="mk-deployed" role="status" data-testid="deployed">
      <h3>
        <span className="dot" aria-hidden /> Deployed “{created.name}”
      </h3>
      <p className="muted">
        <span className="mono">
          {created.component}@{created.version}
        </span>{" "}
        is running on the fleet. Call it through the gateway with an <Link href="/console/keys">API key</Link>:
      </p>
      <EndpointList endpoints={created.endpoints} />
      <pre className="mk-snippet">{`curl -s ${created.endpoints.mcp} \\
  -H "Authorization: Bearer $SWITCHYARD_API_KEY" \\
  -H "Content-Type: application/json" \\
  -H "Accept: application/json, text/event-stream" \\
  -d '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"curl","version":"1"}}}'`}</pre>
      <div className="mk-deploy-actions">
        <Link className="mk-button" href={benchHref(created.name)}>
          Open in bench
        </Link>
        <button type="button" className="secondary" onClick={onAnother}>
          Deploy another
        </button>
      </div>
    </div>
  );
}
