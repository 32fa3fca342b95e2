"use client";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { ClientFeatures } from "../../../server/bench/client-features/client-features.ts";
import { type Diagnosis, diagnoseFailure } from "../../../server/bench/diagnose/connect-failure.ts";
import { type AuthorizeOptions, BenchOAuth } from "../../../server/bench/oauth/bench-oauth.ts";
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
  /** OAuth for a remote server that asks for it; its token, if any, goes on every request to that server. */
  oauth: BenchOAuth;
  /** Runs the OAuth flow, and connects again with the token once it is held. */
  authorize(options: AuthorizeOptions): Promise<void>;
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
  // Tokens live in this tab's sessionStorage: never on the Switchyard server, gone with the tab.
  const oauth = useMemo(
    () => new BenchOAuth(spec.url, { fetch: tunnelFetch(), origin: typeof window === "undefined" ? "" : window.location.origin, storage: typeof sessionStorage === "undefined" ? undefined : sessionStorage, protocolVersion: spec.revision }),
    [spec.url, spec.revision],
  );
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
    const fetch = oauth.wrap(
      tunnelFetch({
        onExchange: (seen) => {
          exchange = seen;
          if (seen.status === 401) oauth.noteChallenge(seen.wwwAuthenticate);
        },
      }),
    );
    const oauthStep = oauth.takeConnectStep();
    openConnection(current, { timeline, fetch, features }).then(
      (connection) => {
        if (generation !== live.current.generation) return void connection.close().catch(() => undefined);
        live.current.connection = connection;
        live.current.unannounce = features.announceRoots(connection.client);
        connection.client.onclose = () => {
          if (generation === live.current.generation) features.requests.clear("the connection closed");
          if (generation === live.current.generation) setState({ status: "closed", reason: "the connection closed (the server ended it, or the network dropped)" });
        };
        oauthStep?.ok(`connected with the token: ${connection.summary.serverInfo?.name ?? "the server"} answered initialize (${connection.summary.protocolVersion ?? "?"})`);
        setState({ status: "ready", connection });
      },
      (error: unknown) => {
        if (generation !== live.current.generation) return;
        const diagnosis = diagnoseFailure(error, { exchange, requestedRevision: current.revision, kind: current.kind, transport: current.transport });
        oauthStep?.fail(`${diagnosis.title}: ${diagnosis.detail}`, diagnosis.hints[0] ?? "");
        setState({ status: "failed", diagnosis });
      },
    );
  }, [specKey, timeline, features, drop, oauth]);

  const disconnect = useCallback(() => {
    drop();
    setState({ status: "closed", reason: "disconnected" });
  }, [drop]);

  useEffect(() => {
    connect();
    return drop;
  }, [connect, drop]);

  const authorize = useCallback((options: AuthorizeOptions) => oauth.authorize(options).then((ok) => (ok ? connect() : undefined)), [oauth, connect]);

  return { state, timeline, features, oauth, authorize, connect, disconnect };
}
