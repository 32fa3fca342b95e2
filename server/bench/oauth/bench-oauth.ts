import {
  discoverAuthorizationServerMetadata,
  discoverOAuthProtectedResourceMetadata,
  exchangeAuthorization,
  extractWWWAuthenticateParams,
  refreshAuthorization,
  registerClient,
  startAuthorization,
} from "@modelcontextprotocol/sdk/client/auth.js";
import { checkResourceAllowed, resourceUrlFromServerUrl } from "@modelcontextprotocol/sdk/shared/auth-utils.js";
import type { AuthorizationServerMetadata, OAuthClientInformationMixed, OAuthProtectedResourceMetadata, OAuthTokens } from "@modelcontextprotocol/sdk/shared/auth.js";
import type { FetchLike } from "@modelcontextprotocol/sdk/shared/transport.js";
import { benchClientMetadata, CALLBACK_PATH, chooseRegistration } from "./client-registration.ts";
import { explainCallbackError, explainFailure } from "./explain.ts";
import { FlowLog, type StepHandle, type StepId } from "./flow-log.ts";
import { recordingFetch } from "./recording-fetch.ts";
import { REDACTED } from "./redact.ts";

/** What the consent page sent back to the bench's callback (RFC 6749 §4.1.2). */
export interface ConsentResult {
  code?: string;
  state?: string;
  error?: string;
  errorDescription?: string;
}

/** Sends the user to the authorization URL (a popup in the bench) and resolves with the callback. */
export type OpenConsent = (authorizationUrl: URL) => Promise<ConsentResult>;

export interface AuthorizeOptions {
  /** The WWW-Authenticate of the server's 401: it names the resource metadata and the scope. */
  wwwAuthenticate?: string | null;
  /** A client registered with the authorization server by hand. */
  preRegistered?: { clientId: string; clientSecret?: string };
  scope?: string;
  openConsent: OpenConsent;
}

/** The tokens and what refreshing them needs; kept in the tab's sessionStorage. */
interface Grant {
  authorizationServerUrl: string;
  metadata?: AuthorizationServerMetadata;
  resource?: string;
  client: OAuthClientInformationMixed;
  tokens: OAuthTokens;
  /** When the access token expires (ms since the epoch), if the server said. */
  expiresAt?: number;
}

export type StorageLike = Pick<Storage, "getItem" | "setItem" | "removeItem">;

export interface OAuthStatus {
  phase: "idle" | "running" | "authorized" | "failed";
  /** An access token is held for this server. */
  hasToken: boolean;
  clientId?: string;
  expiresAt?: number;
}

/** Refresh this long before the token's stated expiry, so a request in flight does not meet it. */
const EXPIRY_MARGIN_MS = 30_000;
const STORAGE_PREFIX = "switchyard.bench.oauth:";

const randomState = () => {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
};

/**
 * OAuth 2.1 for one remote MCP server, run in the page with the SDK's client auth helpers:
 * protected-resource metadata (RFC 9728), authorization server metadata (RFC 8414 / OIDC),
 * client registration (by hand, client ID metadata document, or RFC 7591), PKCE S256, code
 * exchange and refresh. Every request goes through `fetch` (the bench proxy, with its SSRF
 * guards) and lands, redacted, in the step log.
 */
export class BenchOAuth {
  readonly log: FlowLog;
  private grant: Grant | undefined;
  private current: StepHandle | undefined;
  private refreshing: Promise<boolean> | undefined;
  private pendingConnect = false;
  private challenge: string | undefined;
  private state: OAuthStatus;
  private readonly listeners = new Set<() => void>();
  private readonly fetch: FetchLike;
  private readonly now: () => number;

  constructor(
    private readonly serverUrl: string,
    private readonly options: { fetch: FetchLike; origin: string; protocolVersion?: string; storage?: StorageLike; now?: () => number; newState?: () => string },
  ) {
    this.now = options.now ?? (() => Date.now());
    this.log = new FlowLog(this.now);
    this.fetch = recordingFetch(options.fetch, () => this.current);
    this.grant = this.load();
    this.state = this.describe("idle");
  }

  status = (): OAuthStatus => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Keeps the WWW-Authenticate of the server's last 401, for the flow's discovery and scope. */
  noteChallenge(header: string | null | undefined): void {
    if (header && /^\s*bearer\b/i.test(header)) this.challenge = header;
  }

  /** Runs the whole flow; true once an access token is held. Each step lands in the log. */
  async authorize(options: AuthorizeOptions): Promise<boolean> {
    this.log.reset();
    this.setPhase("running");
    const ok = await this.flow(options).catch(() => false);
    this.pendingConnect = ok;
    this.setPhase(ok ? "authorized" : "failed");
    return ok;
  }

  /** After a flow: the step for connecting with the new token, once; the session finishes it. */
  takeConnectStep(): StepHandle | undefined {
    if (!this.pendingConnect) return undefined;
    this.pendingConnect = false;
    return this.log.begin("connect", "Connect with the token", "opening the MCP session with Authorization: Bearer …");
  }

  /** Drops the tokens and the client (in this tab too). */
  forget(): void {
    this.grant = undefined;
    this.options.storage?.removeItem(STORAGE_PREFIX + this.serverUrl);
    this.log.reset();
    this.setPhase("idle");
  }

  /**
   * The MCP transport's fetch with the access token added (to this server's origin only); an
   * expired token is refreshed first, and a 401 is answered by one refresh and one retry.
   */
  wrap(inner: FetchLike): FetchLike {
    const origin = new URL(this.serverUrl).origin;
    return async (url, init) => {
      if (!this.grant || new URL(String(url)).origin !== origin) return inner(url, init);
      const expiresAt = this.grant.expiresAt;
      if (expiresAt !== undefined && this.grant.tokens.refresh_token && this.now() >= expiresAt - EXPIRY_MARGIN_MS) await this.refresh("the access token expired");
      // A refresh that failed dropped the tokens: the server's 401 will offer Authorize again.
      if (!this.grant) return inner(url, init);
      const first = await inner(url, this.withToken(init));
      if (first.status !== 401 || !this.grant?.tokens.refresh_token) return first;
      if (!(await this.refresh("the server answered 401 to the access token"))) return first;
      await first.body?.cancel().catch(() => undefined);
      return inner(url, this.withToken(init));
    };
  }

  /** One refresh at a time: concurrent requests that meet a 401 share it. */
  refresh(reason: string): Promise<boolean> {
    this.refreshing ??= this.runRefresh(reason).finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async flow(options: AuthorizeOptions): Promise<boolean> {
    const { protocolVersion, origin } = this.options;
    const header = options.wwwAuthenticate ?? this.challenge;
    const challenge = header ? extractWWWAuthenticateParams(new Response(null, { headers: { "www-authenticate": header } })) : {};

    let resourceMetadata: OAuthProtectedResourceMetadata | undefined;
    const discovered = await this.step("resource-metadata", "Protected resource metadata (RFC 9728)", async (step) => {
      try {
        resourceMetadata = await discoverOAuthProtectedResourceMetadata(this.serverUrl, { resourceMetadataUrl: challenge.resourceMetadataUrl, protocolVersion }, this.fetch);
      } catch (error) {
        if (!/does not implement OAuth 2.0 Protected Resource Metadata/i.test(String(error))) throw error;
        step.skip("the server publishes no protected-resource metadata (404): trying its origin as the authorization server, as MCP 2025-03-26 did");
        return new URL("/", this.serverUrl).href;
      }
      const allowed = checkResourceAllowed({ requestedResource: resourceUrlFromServerUrl(this.serverUrl), configuredResource: resourceMetadata.resource });
      if (!allowed) return step.fail(`the metadata is for the resource ${resourceMetadata.resource}, not for this server`, "the server's metadata must name its own URL as resource; check its configuration");
      const server = resourceMetadata.authorization_servers?.[0];
      if (!server) return step.fail("the metadata names no authorization server (authorization_servers is empty)", "the server must list its authorization server in authorization_servers");
      step.ok(`resource ${resourceMetadata.resource}; authorization server ${server}${resourceMetadata.scopes_supported?.length ? `; scopes ${resourceMetadata.scopes_supported.join(" ")}` : ""}`);
      return server;
    });
    if (!discovered) return false;
    const authorizationServerUrl = discovered;
    const resource = resourceMetadata?.resource;
    // MCP's scope selection: what the user typed, else what the 401 asked for, else all the resource offers.
    const scope = options.scope?.trim() || challenge.scope || resourceMetadata?.scopes_supported?.join(" ") || undefined;

    const metadata = await this.step("server-metadata", "Authorization server metadata (RFC 8414 / OIDC)", async (step) => {
      const found = await discoverAuthorizationServerMetadata(authorizationServerUrl, { fetchFn: this.fetch, protocolVersion });
      if (!found) return step.fail(`no metadata at ${authorizationServerUrl}: neither /.well-known/oauth-authorization-server nor /.well-known/openid-configuration answered`, "check the authorization server's URL in the resource metadata, and that it publishes its metadata");
      if (!found.code_challenge_methods_supported?.includes("S256")) {
        return step.fail("the authorization server does not list S256 in code_challenge_methods_supported: PKCE, which OAuth 2.1 and MCP require, is not offered", "configure the authorization server for PKCE with S256");
      }
      step.ok(`issuer ${found.issuer}; PKCE S256; ${found.registration_endpoint ? "dynamic client registration" : "no dynamic registration"}${(found as { client_id_metadata_document_supported?: boolean }).client_id_metadata_document_supported ? "; client ID metadata documents" : ""}`);
      return found;
    });
    if (!metadata) return false;

    const client = await this.step("registration", "Client registration", async (step) => {
      const choice = chooseRegistration(metadata, origin, options.preRegistered);
      if (choice.kind === "none") return step.fail(choice.why, "enter a client ID (and secret) registered with the authorization server by hand");
      if (choice.kind === "pre-registered") {
        step.ok(`using the client you entered: ${choice.client.client_id}${choice.client.client_secret ? ", with its secret" : " (public, no secret)"}`);
        return choice.client;
      }
      if (choice.kind === "metadata-document") {
        step.ok(`client_id is the bench's client ID metadata document: ${choice.client.client_id}`);
        return choice.client;
      }
      const registered = await registerClient(authorizationServerUrl, { metadata, clientMetadata: benchClientMetadata(origin), scope, fetchFn: this.fetch });
      step.ok(`registered dynamically (RFC 7591) as ${registered.client_id}${registered.client_secret ? ", a confidential client" : ", a public client"}`);
      return registered;
    });
    if (!client) return false;

    const redirectUrl = `${origin}${CALLBACK_PATH}`;
    const code = await this.step("authorization", "Authorization (consent, PKCE S256)", async (step) => {
      const state = (this.options.newState ?? randomState)();
      const started = await startAuthorization(authorizationServerUrl, { metadata, clientInformation: client, redirectUrl, scope, state, resource });
      step.http({ method: "GET", url: started.authorizationUrl.href, requestHeaders: { "(sent by": "the browser, in the consent window)" } });
      const answer = await options.openConsent(started.authorizationUrl);
      step.http({ method: "GET", url: `${redirectUrl}?${answer.code ? `code=${REDACTED}&` : ""}${answer.error ? `error=${encodeURIComponent(answer.error)}&` : ""}state=${encodeURIComponent(answer.state ?? "")}`, requestHeaders: { "(callback": "the consent page sent the browser back)" } });
      if (answer.state !== state) return step.fail("the state in the callback does not match the one the bench sent", "a stale or foreign consent window answered: authorize again");
      if (answer.error) {
        const explained = explainCallbackError(answer.error, answer.errorDescription);
        return step.fail(explained.summary, explained.hint);
      }
      if (!answer.code) return step.fail("the callback carried neither a code nor an error", "authorize again; if it repeats, the authorization server is misbehaving");
      step.ok(`approved: the authorization server sent a code to ${redirectUrl}`);
      return { code: answer.code, verifier: started.codeVerifier };
    });
    if (!code) return false;

    const tokens = await this.step("token", "Token exchange", async (step) => {
      const issued = await exchangeAuthorization(authorizationServerUrl, { metadata, clientInformation: client, authorizationCode: code.code, codeVerifier: code.verifier, redirectUri: redirectUrl, resource, fetchFn: this.fetch });
      step.ok(`got an access token (${issued.token_type}${issued.expires_in !== undefined ? `, expires in ${issued.expires_in} s` : ""}${issued.scope ? `, scope ${issued.scope}` : ""})${issued.refresh_token ? " and a refresh token" : ", no refresh token"}`);
      return issued;
    });
    if (!tokens) return false;
    this.save({ authorizationServerUrl, metadata, resource, client, tokens, ...this.expiry(tokens) });
    return true;
  }

  private async runRefresh(reason: string): Promise<boolean> {
    const grant = this.grant;
    if (!grant) return false;
    const result = await this.step("refresh", "Token refresh", async (step) => {
      if (!grant.tokens.refresh_token) return step.fail(`${reason}, and the server gave no refresh token`, "authorize again");
      const tokens = await refreshAuthorization(grant.authorizationServerUrl, { metadata: grant.metadata, clientInformation: grant.client, refreshToken: grant.tokens.refresh_token, resource: grant.resource, fetchFn: this.fetch }).catch((error: unknown) => {
        const explained = explainFailure("refresh", error);
        step.fail(`${reason}; refreshing failed: ${explained.summary}`, explained.hint);
      });
      if (!tokens) return;
      this.save({ ...grant, tokens, ...this.expiry(tokens) });
      step.ok(`${reason}: got a new access token${tokens.expires_in !== undefined ? ` (expires in ${tokens.expires_in} s)` : ""}`);
      return true;
    }, reason);
    if (result) return true;
    // The tokens are no good: the next attempt starts from Authorize.
    this.grant = undefined;
    this.options.storage?.removeItem(STORAGE_PREFIX + this.serverUrl);
    this.setPhase("failed");
    return false;
  }

  /** Runs one step; a thrown error fails it in words. Resolves undefined when it failed. */
  private async step<T>(id: StepId, title: string, run: (step: StepHandle) => Promise<T | void>, summary?: string): Promise<T | undefined> {
    const handle = this.log.begin(id, title, summary);
    this.current = handle;
    try {
      const value = await run(handle);
      return value === undefined ? undefined : value;
    } catch (error) {
      const explained = explainFailure(id, error);
      handle.fail(explained.summary, explained.hint);
      return undefined;
    } finally {
      this.current = undefined;
    }
  }

  private withToken(init: RequestInit | undefined): RequestInit {
    const headers = new Headers(init?.headers);
    headers.set("authorization", `Bearer ${this.grant!.tokens.access_token}`);
    return { ...init, headers };
  }

  private expiry(tokens: OAuthTokens): { expiresAt?: number } {
    return tokens.expires_in !== undefined ? { expiresAt: this.now() + tokens.expires_in * 1000 } : {};
  }

  private save(grant: Grant): void {
    this.grant = grant;
    this.options.storage?.setItem(STORAGE_PREFIX + this.serverUrl, JSON.stringify(grant));
    this.setPhase(this.state.phase === "running" ? "running" : "authorized");
  }

  private load(): Grant | undefined {
    try {
      const raw = this.options.storage?.getItem(STORAGE_PREFIX + this.serverUrl);
      const grant = raw ? (JSON.parse(raw) as Grant) : undefined;
      return typeof grant?.tokens?.access_token === "string" ? grant : undefined;
    } catch {
      return undefined;
    }
  }

  private describe(phase: OAuthStatus["phase"]): OAuthStatus {
    return { phase, hasToken: Boolean(this.grant), ...(this.grant ? { clientId: this.grant.client.client_id, expiresAt: this.grant.expiresAt } : {}) };
  }

  private setPhase(phase: OAuthStatus["phase"]): void {
    this.state = this.describe(phase);
    for (const listener of this.listeners) listener();
  }
}
