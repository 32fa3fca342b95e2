"use client";
import { useSyncExternalStore } from "react";
import type { AuthorizeOptions, BenchOAuth } from "../../../server/bench/oauth/bench-oauth.ts";
import { OAuthPanel } from "./oauth-panel.tsx";

/** The OAuth panel, once it has something to offer: a 401 to answer, steps to show, or a token held. */
export function OAuthSection({ oauth, authorize, challenged }: { oauth: BenchOAuth; authorize: (options: AuthorizeOptions) => Promise<void>; challenged: boolean }) {
  const status = useSyncExternalStore(oauth.subscribe, oauth.status, oauth.status);
  const steps = useSyncExternalStore(oauth.log.subscribe, oauth.log.snapshot, oauth.log.snapshot);
  if (!challenged && !status.hasToken && steps.length === 0) return null;
  return <OAuthPanel oauth={oauth} authorize={authorize} />;
}
