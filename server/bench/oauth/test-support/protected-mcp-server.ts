import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import type { OAuthRegisteredClientsStore } from "@modelcontextprotocol/sdk/server/auth/clients.js";
import { InvalidGrantError, InvalidTokenError } from "@modelcontextprotocol/sdk/server/auth/errors.js";
import { requireBearerAuth } from "@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js";
import type { AuthorizationParams, OAuthServerProvider } from "@modelcontextprotocol/sdk/server/auth/provider.js";
import { getOAuthProtectedResourceMetadataUrl, mcpAuthMetadataRouter, mcpAuthRouter, createOAuthMetadata } from "@modelcontextprotocol/sdk/server/auth/router.js";
import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import type { OAuthClientInformationFull, OAuthTokens } from "@modelcontextprotocol/sdk/shared/auth.js";
import { z } from "zod";

/**
 * A real OAuth-protected MCP server for tests, on two loopback ports: an authorization server
 * built from the SDK's auth router (metadata, dynamic registration, PKCE, refresh) with a consent
 * page that has Approve and Deny buttons, and a resource server whose /mcp wants its tokens and
 * publishes protected-resource metadata (RFC 9728).
 */

// express ships no types here; the SDK's auth pieces need an app of it, and only these calls are used.
type Handler = (req: never, res: never, next: (error?: unknown) => void) => void;
interface ExpressApp {
  (req: http.IncomingMessage, res: http.ServerResponse): void;
  use(...args: unknown[]): void;
  get(path: string, ...handlers: Handler[]): void;
  post(path: string, ...handlers: Handler[]): void;
  all(path: string, ...handlers: Handler[]): void;
}
interface ExpressLib {
  (): ExpressApp;
  urlencoded(options: { extended: boolean }): Handler;
  json(): Handler;
}
const express = createRequire(import.meta.url)("express") as ExpressLib;

interface Req {
  query: Record<string, string | undefined>;
  body?: Record<string, string | undefined>;
  auth?: AuthInfo;
}
interface Res {
  status(code: number): Res;
  type(type: string): Res;
  send(body: string): void;
  json(body: unknown): void;
  redirect(url: string): void;
}

export interface ProtectedServer {
  /** The MCP endpoint (streamable HTTP). */
  mcpUrl: string;
  issuer: string;
  /** A confidential client registered by hand, for the bench's "pre-registered client" fields. */
  preRegistered: { clientId: string; clientSecret: string };
  /** Makes every access token issued so far unusable, as if it had expired. */
  expireAccessTokens(): void;
  /** Makes every refresh token issued so far unknown, as if revoked. */
  revokeRefreshTokens(): void;
  /** How many refresh grants the authorization server answered. */
  refreshes(): number;
  close(): Promise<void>;
}

const ACCESS_TTL_S = 3600;

class TestProvider implements OAuthServerProvider {
  readonly clients = new Map<string, OAuthClientInformationFull>();
  readonly clientsStore: OAuthRegisteredClientsStore = {
    getClient: async (id) => this.clients.get(id),
    registerClient: async (client) => {
      const full = client as OAuthClientInformationFull;
      this.clients.set(full.client_id, full);
      return full;
    },
  };
  readonly pending = new Map<string, { client: OAuthClientInformationFull; params: AuthorizationParams }>();
  private readonly codes = new Map<string, { clientId: string; params: AuthorizationParams }>();
  private readonly access = new Map<string, AuthInfo>();
  private readonly refreshTokens = new Map<string, { clientId: string; scopes: string[]; resource?: URL }>();
  refreshCount = 0;

  async authorize(client: OAuthClientInformationFull, params: AuthorizationParams, res: Res): Promise<void> {
    const id = randomUUID();
    this.pending.set(id, { client, params });
    res.type("html").send(consentPage(id, client.client_name ?? client.client_id, params.scopes ?? []));
  }

  /** The consent form's answer: a code, or access_denied, sent to the client's redirect URI. */
  decide(id: string, approve: boolean): string | undefined {
    const pending = this.pending.get(id);
    if (!pending) return undefined;
    this.pending.delete(id);
    const target = new URL(pending.params.redirectUri);
    if (approve) {
      const code = randomUUID();
      this.codes.set(code, { clientId: pending.client.client_id, params: pending.params });
      target.searchParams.set("code", code);
    } else {
      target.searchParams.set("error", "access_denied");
      target.searchParams.set("error_description", "the user denied the request");
    }
    if (pending.params.state !== undefined) target.searchParams.set("state", pending.params.state);
    return target.href;
  }

  async challengeForAuthorizationCode(_client: OAuthClientInformationFull, code: string): Promise<string> {
    const found = this.codes.get(code);
    if (!found) throw new InvalidGrantError("unknown authorization code");
    return found.params.codeChallenge;
  }

  async exchangeAuthorizationCode(client: OAuthClientInformationFull, code: string): Promise<OAuthTokens> {
    const found = this.codes.get(code);
    if (!found || found.clientId !== client.client_id) throw new InvalidGrantError("the code was not issued to this client");
    this.codes.delete(code);
    return this.issue(client.client_id, found.params.scopes ?? [], found.params.resource);
  }

  async exchangeRefreshToken(client: OAuthClientInformationFull, refreshToken: string): Promise<OAuthTokens> {
    const found = this.refreshTokens.get(refreshToken);
    if (!found || found.clientId !== client.client_id) throw new InvalidGrantError("unknown refresh token");
    // OAuth 2.1: a public client's refresh token is rotated on use.
    this.refreshTokens.delete(refreshToken);
    this.refreshCount++;
    return this.issue(client.client_id, found.scopes, found.resource);
  }

  async verifyAccessToken(token: string): Promise<AuthInfo> {
    const info = this.access.get(token);
    if (!info || (info.expiresAt ?? 0) * 1000 < Date.now()) throw new InvalidTokenError("the access token is unknown or expired");
    return info;
  }

  expireAll(): void {
    for (const info of this.access.values()) info.expiresAt = 0;
  }

  revokeRefreshTokens(): void {
    this.refreshTokens.clear();
  }

  private issue(clientId: string, scopes: string[], resource?: URL): OAuthTokens {
    const accessToken = randomUUID();
    const refreshToken = randomUUID();
    this.access.set(accessToken, { token: accessToken, clientId, scopes, expiresAt: Math.floor(Date.now() / 1000) + ACCESS_TTL_S, ...(resource ? { resource } : {}) });
    this.refreshTokens.set(refreshToken, { clientId, scopes, ...(resource ? { resource } : {}) });
    return { access_token: accessToken, token_type: "Bearer", expires_in: ACCESS_TTL_S, refresh_token: refreshToken, scope: scopes.join(" ") };
  }
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function consentPage(id: string, clientName: string, scopes: string[]): string {
  return `<!doctype html><html><head><title>Consent</title></head><body style="font-family:sans-serif;max-width:32rem;margin:3rem auto">
<h1>Allow access?</h1><p><strong>${escape(clientName)}</strong> asks to use the test MCP server${scopes.length ? ` with scope ${escape(scopes.join(" "))}` : ""}.</p>
<form method="post" action="/consent"><input type="hidden" name="id" value="${escape(id)}">
<button name="decision" value="approve">Approve</button> <button name="decision" value="deny">Deny</button></form></body></html>`;
}

function mcpServer(auth: AuthInfo | undefined): McpServer {
  const server = new McpServer({ name: "oauth-test", version: "1.0.0" });
  server.registerTool("whoami", { description: "Says which OAuth client called, from its access token.", inputSchema: {}, annotations: { readOnlyHint: true } }, async () => ({
    content: [{ type: "text", text: `You are ${auth?.clientId ?? "nobody"}` }],
  }));
  server.registerResource("notes", "notes://all", { description: "The notes." }, async (uri) => ({ contents: [{ uri: uri.href, text: "none" }] }));
  // Misdeclared on purpose, for the bench's behavioural lint: "read-only", yet it announces changed resources.
  server.registerTool("tidy", { description: "Tidies the notes.", inputSchema: {}, annotations: { readOnlyHint: true } }, async (_args, extra) => {
    await extra.sendNotification({ method: "notifications/resources/list_changed" });
    return { content: [{ type: "text", text: "Tidied." }] };
  });
  server.registerTool("echo", { description: "Echoes a message.", inputSchema: { message: z.string().describe("What to echo") } }, async ({ message }) => ({ content: [{ type: "text", text: `Echo: ${message}` }] }));
  return server;
}

function listen(app: ExpressApp): Promise<{ server: http.Server; url: string }> {
  const server = http.createServer(app);
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

/** Starts both servers on free loopback ports; the pre-registered client may use `redirectUris`. */
export async function startProtectedServer(options: { redirectUris?: string[] } = {}): Promise<ProtectedServer> {
  const provider = new TestProvider();
  const preRegistered = { clientId: "bench-test-client", clientSecret: randomUUID() };
  provider.clients.set(preRegistered.clientId, {
    client_id: preRegistered.clientId,
    client_secret: preRegistered.clientSecret,
    client_name: "Registered by hand",
    redirect_uris: options.redirectUris ?? ["http://127.0.0.1/bench/oauth/callback"],
    token_endpoint_auth_method: "client_secret_post",
    grant_types: ["authorization_code", "refresh_token"],
    response_types: ["code"],
  });

  const authApp = express();
  const resourceApp = express();
  const auth = await listen(authApp);
  const resource = await listen(resourceApp);
  const issuerUrl = new URL(auth.url);
  const mcpUrl = new URL("/mcp", resource.url);

  authApp.post("/consent", express.urlencoded({ extended: false }), ((req: Req, res: Res) => {
    const target = provider.decide(req.body?.id ?? "", req.body?.decision === "approve");
    if (!target) return void res.status(400).type("text").send("this consent request is unknown or already answered");
    res.redirect(target);
  }) as Handler);
  authApp.use(mcpAuthRouter({ provider, issuerUrl, scopesSupported: ["mcp:tools"], resourceServerUrl: mcpUrl }));

  const oauthMetadata = createOAuthMetadata({ provider, issuerUrl, scopesSupported: ["mcp:tools"] });
  resourceApp.use(mcpAuthMetadataRouter({ oauthMetadata, resourceServerUrl: mcpUrl, scopesSupported: ["mcp:tools"], resourceName: "OAuth test MCP server" }));
  const bearer = requireBearerAuth({ verifier: provider, resourceMetadataUrl: getOAuthProtectedResourceMetadataUrl(mcpUrl) });
  resourceApp.all("/mcp", bearer as Handler, express.json(), (async (req: Req & http.IncomingMessage & { body?: unknown }, res: http.ServerResponse) => {
    // Stateless: a server and transport per request, as each request carries its own token.
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    const server = mcpServer(req.auth);
    res.on("close", () => void transport.close().then(() => server.close()));
    await server.connect(transport);
    await transport.handleRequest(req, res, req.body);
  }) as unknown as Handler);

  return {
    mcpUrl: mcpUrl.href,
    issuer: issuerUrl.href,
    preRegistered,
    expireAccessTokens: () => provider.expireAll(),
    revokeRefreshTokens: () => provider.revokeRefreshTokens(),
    refreshes: () => provider.refreshCount,
    close: async () => {
      for (const { server } of [auth, resource]) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    },
  };
}
