"use client";
import { BENCH_REVISIONS, type TransportKind } from "../../../server/bench/session/connection-spec.ts";
import { STATELESS_REVISION } from "../../../server/bench/session/stateless-transport.ts";

/** The protocol revision to ask for and the transport to use. */
export function ProtocolChoice(props: {
  revision: string;
  transport: TransportKind;
  onRevision: (revision: string) => void;
  onTransport: (transport: TransportKind) => void;
  idPrefix: string;
}) {
  const { revision, transport, onRevision, onTransport, idPrefix } = props;
  return (
    <div className="protocol-choice">
      <label htmlFor={`${idPrefix}-revision`}>
        Protocol revision
        <select
          id={`${idPrefix}-revision`}
          value={revision}
          onChange={(e) => {
            onRevision(e.target.value);
            if (e.target.value === STATELESS_REVISION && transport !== "streamable-http") onTransport("streamable-http");
          }}
        >
          {BENCH_REVISIONS.map((r, i) => (
            <option key={r} value={r}>
              {r}
              {i === 0 ? " (latest)" : ""}
            </option>
          ))}
          <option value={STATELESS_REVISION}>{STATELESS_REVISION} (stateless: no session, server/discover)</option>
        </select>
      </label>
      <label htmlFor={`${idPrefix}-transport`}>
        Transport
        <select id={`${idPrefix}-transport`} value={transport} onChange={(e) => onTransport(e.target.value as TransportKind)}>
          <option value="streamable-http">Streamable HTTP</option>
          <option value="sse" disabled={revision === STATELESS_REVISION}>
            SSE (legacy){revision === STATELESS_REVISION ? ` — not with ${STATELESS_REVISION}` : ""}
          </option>
          <option value="websocket" disabled={revision === STATELESS_REVISION}>
            WebSocket (subprotocol mcp){revision === STATELESS_REVISION ? ` — not with ${STATELESS_REVISION}` : ""}
          </option>
        </select>
      </label>
    </div>
  );
}
