"use client";
import { BENCH_REVISIONS, type TransportKind } from "../../../server/bench/session/connection-spec.ts";

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
        <select id={`${idPrefix}-revision`} value={revision} onChange={(e) => onRevision(e.target.value)}>
          {BENCH_REVISIONS.map((r, i) => (
            <option key={r} value={r}>
              {r}
              {i === 0 ? " (latest)" : ""}
            </option>
          ))}
          <option value="2026-07-28" disabled>
            2026-07-28 (stateless) — not in the bench yet
          </option>
        </select>
      </label>
      <label htmlFor={`${idPrefix}-transport`}>
        Transport
        <select id={`${idPrefix}-transport`} value={transport} onChange={(e) => onTransport(e.target.value as TransportKind)}>
          <option value="streamable-http">Streamable HTTP</option>
          <option value="sse">SSE (legacy)</option>
          <option value="websocket" disabled>
            WebSocket — not in the bench yet
          </option>
        </select>
      </label>
    </div>
  );
}
