"use client";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { ClientFeatures } from "../../../server/bench/client-features/client-features.ts";
import { type Diagnosis, diagnoseFailure } from "../../../server/bench/diagnose/connect-failure.ts";
import type { ConnectionSpec } from "../../../server/bench/session/connection-spec.ts";
import { type OpenConnection, openConnection } from "../../../server/bench/session/open-connection.ts";
import { Timeline } from "../../../server/bench/session/timeline.ts";
import { type HttpExchange, tunnelFetch } from "../../../server/bench/session/tunnel-fetch.ts";

export type SessionState =
  | { status: "connecting" }
  | { status: "ready"; connection: OpenConnection }
  | { status: "failed"; diagnosis: Diagnosis }
  | { status: "closed"; reason: string };

export interface BenchSession {
  state: SessionState;
  timeline: Timeline;
  /** Server requests waiting for the user, and the roots offered; kept across reconnects. */
  features: ClientFeatures;
  connect(): void;
  disconnect(): void;
}

/**
 * One connection's life: connect on mount (and on demand), diagnose a failure, notice the
 * server going away, close on unmount. A generation number drops the result of an attempt that
 * was superseded (a reconnect, or React mounting twice in development).
 */
export function useSession(spec: ConnectionSpec): BenchSession {
  const timeline = useMemo(() => new Timeline(), []);
  const features = useMemo(() => new ClientFeatures(), []);
  const [state, setState] = useState<SessionState>({ status: "connecting" });
  const live = useRef<{ generation: number; connection?: OpenConnection; unannounce?: () => void }>({ generation: 0 });
  const specKey = JSON.stringify(spec);

  const drop = useCallback(() => {
    live.current.generation++;
    const previous = live.current.connection;
    live.current.connection = undefined;
    live.current.unannounce?.();
    live.current.unannounce = undefined;
    // What the old session's server asked can no longer be answered.
    features.requests.clear("the connection closed");
    if (previous) void previous.close().catch(() => undefined);
  }, [features]);

  const connect = useCallback(() => {
    drop();
    const generation = live.current.generation;
    const current: ConnectionSpec = JSON.parse(specKey);
    setState({ status: "connecting" });
    let exchange: HttpExchange | undefined;
    const fetch = tunnelFetch({ onExchange: (seen) => (exchange = seen) });
    openConnection(current, { timeline, fetch, features }).then(
      (connection) => {
        if (generation !== live.current.generation) return void connection.close().catch(() => undefined);
        live.current.connection = connection;
        live.current.unannounce = features.announceRoots(connection.client);
        connection.client.onclose = () => {
          if (generation === live.current.generation) features.requests.clear("the connection closed");
          if (generation === live.current.generation) setState({ status: "closed", reason: "the connection closed (the server ended it, or the network dropped)" });
        };
        setState({ status: "ready", connection });
      },
      (error: unknown) => {
        if (generation !== live.current.generation) return;
        setState({ status: "failed", diagnosis: diagnoseFailure(error, { exchange, requestedRevision: current.revision, kind: current.kind, transport: current.transport }) });
      },
    );
  }, [specKey, timeline, features, drop]);

  const disconnect = useCallback(() => {
    drop();
    setState({ status: "closed", reason: "disconnected" });
  }, [drop]);

  useEffect(() => {
    connect();
    return drop;
  }, [connect, drop]);

  return { state, timeline, features, connect, disconnect };
}
