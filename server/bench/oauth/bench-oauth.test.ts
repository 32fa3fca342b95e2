import { CallToolResultSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diagnoseFailure } from "../diagnose/connect-failure.ts";
import { lintBehaviour } from "../lint/lint-behaviour.ts";
import { proxyBenchRequest } from "../proxy/bench-proxy.ts";
import type { TargetPolicy } from "../proxy/target-policy.ts";
import { type ConnectionSpec, remoteSpec } from "../session/connection-spec.ts";
import { openConnection } from "../session/open-connection.ts";
import { Timeline } from "../session/timeline.ts";
import { type HttpExchange, tunnelFetch } from "../session/tunnel-fetch.ts";
import { BenchOAuth, type ConsentResult, type StorageLike } from "./bench-oauth.ts";
import { OAuthClientInformationSchema, OAuthClientMetadataSchema } from "@modelcontextprotocol/sdk/shared/auth.js";
import { chooseRegistration, clientMetadataDocument } from "./client-registration.ts";
import { consentFromSearch } from "./consent-channel.ts";
import { REDACTED } from "./redact.ts";
import { type ProtectedServer, startProtectedServer } from "./test-support/protected-mcp-server.ts";

/**
 * The whole OAuth path without a browser: the SDK helpers in "the page", every request through
 * the tunnel and the bench proxy, against a real authorization server and protected MCP server
 * on loopback. The consent page is answered the way a person's browser would: its form is posted.
 */
const ORIGIN = "http://127.0.0.1:3999";
const local: TargetPolicy = { mode: "local", lookup: async () => ["127.0.0.1"], trustedOrigins: [] };

function tunnel(policy: TargetPolicy, exchanges: HttpExchange[] = []) {
  return tunnelFetch({
    proxyPath: "/api/bench/proxy",
    fetch: ((input: RequestInfo | URL, init?: RequestInit) => proxyBenchRequest(new Request(new URL(String(input), ORIGIN), init), { policy })) as typeof fetch,
    onExchange: (exchange) => exchanges.push(exchange),
  });
}

function memoryStorage(): StorageLike & { values: Map<string, string> } {
  const values = new Map<string, string>();
  return { values, getItem: (k) => values.get(k) ?? null, setItem: (k, v) => void values.set(k, v), removeItem: (k) => void values.delete(k) };
}

/** Answers the consent page as a person would: loads it, presses Approve or Deny, follows to the callback. */
function consent(decision: "approve" | "deny") {
  return async (url: URL): Promise<ConsentResult> => {
    const page = await fetch(url);
    const html = await page.text();
    const id = /name="id" value="([^"]+)"/.exec(html)?.[1];
    if (!id) throw new Error(`no consent form: ${page.status} ${html.slice(0, 200)}`);
    const answer = await fetch(new URL("/consent", url), { method: "POST", body: new URLSearchParams({ id, decision }), redirect: "manual" });
    const back = new URL(answer.headers.get("location")!);
    const get = (k: string) => back.searchParams.get(k) ?? undefined;
    return { code: get("code"), state: get("state"), error: get("error"), errorDescription: get("error_description") };
  };
}

let server: ProtectedServer;
beforeAll(async () => {
  server = await startProtectedServer();
});
afterAll(() => server.close());

function spec(): ConnectionSpec {
  const result = remoteSpec({ url: server.mcpUrl, transport: "streamable-http", revision: "2025-06-18", bearer: "", headers: [] });
  if (!result.ok) throw new Error(result.message);
  return result.spec;
}

/** Connects without a token and returns the 401's WWW-Authenticate, as the bench's diagnosis sees it. */
async function challenge(): Promise<string> {
  const exchanges: HttpExchange[] = [];
  const error = await openConnection(spec(), { timeline: new Timeline(), fetch: tunnel(local, exchanges) }).catch((e: unknown) => e);
  expect(exchanges.at(-1)?.status).toBe(401);
  const diagnosis = diagnoseFailure(error, { exchange: exchanges.at(-1), requestedRevision: "2025-06-18", kind: "remote", transport: "streamable-http" });
  expect(diagnosis).toMatchObject({ step: "auth", detail: "the server says: Missing Authorization header (invalid_token)" });
  expect(diagnosis.hints).toContain("this server asks for OAuth (WWW-Authenticate names it): press Authorize below to run the flow, or paste an access token as the bearer token");
  return exchanges.at(-1)!.wwwAuthenticate!;
}

const steps = (oauth: BenchOAuth) => oauth.log.snapshot().map((s) => `${s.id} ${s.status}`);

describe("BenchOAuth against a real authorization server, through the bench proxy", () => {
  it("discovers, registers dynamically, gets consent with PKCE, exchanges the code, connects and refreshes on 401", async () => {
    const storage = memoryStorage();
    const oauth = new BenchOAuth(server.mcpUrl, { fetch: tunnel(local), origin: ORIGIN, storage, protocolVersion: "2025-06-18" });
    const wwwAuthenticate = await challenge();
    expect(wwwAuthenticate).toContain("resource_metadata=");

    expect(await oauth.authorize({ wwwAuthenticate, openConsent: consent("approve") })).toBe(true);
    expect(steps(oauth)).toEqual(["resource-metadata ok", "server-metadata ok", "registration ok", "authorization ok", "token ok"]);
    const log = oauth.log.snapshot();
    expect(log[0]!.summary).toContain(`authorization server ${server.issuer}`);
    expect(log[2]!.summary).toMatch(/^registered dynamically \(RFC 7591\) as \S+, a public client$/);
    expect(log[3]!.http[0]!.url).toContain("code_challenge_method=S256");
    expect(log[4]!.summary).toBe("got an access token (Bearer, expires in 3600 s, scope mcp:tools) and a refresh token");
    expect(oauth.status()).toMatchObject({ phase: "authorized", hasToken: true });

    // Tokens never reach the step log: only the redaction marker does.
    const grant = JSON.parse([...storage.values.values()][0]!) as { tokens: { access_token: string; refresh_token: string } };
    const shown = JSON.stringify(log);
    expect(shown).not.toContain(grant.tokens.access_token);
    expect(shown).not.toContain(grant.tokens.refresh_token);
    expect(log[4]!.http[0]!.responseBody).toContain(`"access_token": "${REDACTED}"`);

    const timeline = new Timeline();
    const connection = await openConnection(spec(), { timeline, fetch: oauth.wrap(tunnel(local)) });
    const call = () => connection.client.request({ method: "tools/call", params: { name: "whoami", arguments: {} } }, CallToolResultSchema);
    expect((await call()).content).toEqual([{ type: "text", text: expect.stringMatching(/^You are \S+/) }]);

    // The server stops honouring the token: the next call meets a 401, refreshes once and goes through.
    server.expireAccessTokens();
    const refreshesBefore = server.refreshes();
    expect((await call()).content[0]).toMatchObject({ type: "text" });
    expect(server.refreshes()).toBe(refreshesBefore + 1);
    expect(steps(oauth).at(-1)).toBe("refresh ok");
    expect(oauth.log.snapshot().at(-1)!.summary).toContain("the server answered 401 to the access token: got a new access token");

    // What the session saw feeds the behavioural lint: "tidy" claims read-only, yet announces changes.
    await connection.client.listTools();
    await connection.client.callTool({ name: "tidy", arguments: {} });
    expect(lintBehaviour(timeline.snapshot()).map((f) => `${f.rule} ${f.tool}`)).toEqual(["read-only-changed-state tidy"]);
    await connection.close();
  });

  it("refreshes an expired token before sending, by the clock", async () => {
    let now = Date.now();
    const oauth = new BenchOAuth(server.mcpUrl, { fetch: tunnel(local), origin: ORIGIN, now: () => now });
    expect(await oauth.authorize({ wwwAuthenticate: await challenge(), openConsent: consent("approve") })).toBe(true);
    now += 3600_000;
    const connection = await openConnection(spec(), { timeline: new Timeline(), fetch: oauth.wrap(tunnel(local)) });
    expect(steps(oauth).at(-1)).toBe("refresh ok");
    expect(oauth.log.snapshot().at(-1)!.summary).toContain("the access token expired");
    await connection.close();
  });

  it("drops the tokens when the refresh is refused, so the server's 401 comes back to Authorize", async () => {
    let now = Date.now();
    const oauth = new BenchOAuth(server.mcpUrl, { fetch: tunnel(local), origin: ORIGIN, now: () => now });
    expect(await oauth.authorize({ wwwAuthenticate: await challenge(), openConsent: consent("approve") })).toBe(true);
    server.revokeRefreshTokens();
    now += 3600_000;
    const exchanges: HttpExchange[] = [];
    await expect(openConnection(spec(), { timeline: new Timeline(), fetch: oauth.wrap(tunnel(local, exchanges)) })).rejects.toThrow();
    expect(exchanges.at(-1)?.status).toBe(401);
    expect(oauth.log.snapshot().at(-1)).toMatchObject({ id: "refresh", status: "failed", summary: expect.stringContaining("the access token expired; refreshing failed: the authorization server refused the grant") });
    expect(oauth.status()).toMatchObject({ phase: "failed", hasToken: false });
  });

  it("says in words that consent was refused", async () => {
    const oauth = new BenchOAuth(server.mcpUrl, { fetch: tunnel(local), origin: ORIGIN });
    expect(await oauth.authorize({ wwwAuthenticate: await challenge(), openConsent: consent("deny") })).toBe(false);
    expect(steps(oauth)).toEqual(["resource-metadata ok", "server-metadata ok", "registration ok", "authorization failed"]);
    expect(oauth.log.snapshot().at(-1)).toMatchObject({ summary: "the authorization was refused on the consent page (access_denied): “the user denied the request”", hint: expect.stringContaining("approve") });
    expect(oauth.status()).toMatchObject({ phase: "failed", hasToken: false });
  });

  it("says in words that a hand-registered client's secret is wrong", async () => {
    const oauth = new BenchOAuth(server.mcpUrl, { fetch: tunnel(local), origin: ORIGIN });
    const ok = await oauth.authorize({ wwwAuthenticate: await challenge(), preRegistered: { clientId: server.preRegistered.clientId, clientSecret: "not-the-secret" }, openConsent: consent("approve") });
    expect(ok).toBe(false);
    expect(steps(oauth)).toEqual(["resource-metadata ok", "server-metadata ok", "registration ok", "authorization ok", "token failed"]);
    expect(oauth.log.snapshot().at(-1)).toMatchObject({ summary: "the authorization server did not accept the client's credentials (invalid_client): “Invalid client_secret”", hint: expect.stringContaining("client secret") });
    expect(JSON.stringify(oauth.log.snapshot())).not.toContain("not-the-secret");
  });

  it("accepts the hand-registered client with its right secret", async () => {
    const oauth = new BenchOAuth(server.mcpUrl, { fetch: tunnel(local), origin: ORIGIN });
    expect(await oauth.authorize({ wwwAuthenticate: await challenge(), preRegistered: server.preRegistered, openConsent: consent("approve") })).toBe(true);
    expect(oauth.log.snapshot()[2]!.summary).toBe("using the client you entered: bench-test-client, with its secret");
  });

  it("keeps the proxy's SSRF guards on the metadata requests", async () => {
    const oauth = new BenchOAuth(server.mcpUrl, { fetch: tunnel({ ...local, mode: "saas" }), origin: ORIGIN });
    expect(await oauth.authorize({ openConsent: consent("approve") })).toBe(false);
    expect(oauth.log.snapshot()[0]).toMatchObject({ status: "failed", summary: expect.stringContaining("loopback address (this machine): the bench proxy does not connect there in saas mode") });
  });
});

describe("chooseRegistration", () => {
  const base = { issuer: "https://as.example", authorization_endpoint: "https://as.example/a", token_endpoint: "https://as.example/t", response_types_supported: ["code"] };
  it("prefers a client entered by hand, then a metadata document on https, then dynamic registration", () => {
    const both = { ...base, registration_endpoint: "https://as.example/r", client_id_metadata_document_supported: true };
    expect(chooseRegistration(both, "https://bench.example", { clientId: "mine" })).toEqual({ kind: "pre-registered", client: { client_id: "mine" } });
    expect(chooseRegistration(both, "https://bench.example")).toEqual({ kind: "metadata-document", client: { client_id: "https://bench.example/api/bench/oauth/client-metadata" } });
    expect(chooseRegistration(both, "http://127.0.0.1:3000")).toEqual({ kind: "dynamic", endpoint: "https://as.example/r" });
  });
  it("says why when there is no way to register", () => {
    expect(chooseRegistration(base, "http://127.0.0.1:3000")).toMatchObject({ kind: "none", why: "the authorization server offers neither dynamic client registration nor client ID metadata documents" });
    expect(chooseRegistration({ ...base, client_id_metadata_document_supported: true }, "http://127.0.0.1:3000")).toMatchObject({ kind: "none", why: expect.stringContaining("plain http") });
  });
});

describe("the bench as an OAuth client", () => {
  it("publishes a client ID metadata document whose client_id is its own URL, for a public client with the bench's callback", () => {
    const document = clientMetadataDocument("https://bench.example");
    expect(document).toMatchObject({ client_id: "https://bench.example/api/bench/oauth/client-metadata", redirect_uris: ["https://bench.example/bench/oauth/callback"], token_endpoint_auth_method: "none" });
    expect(OAuthClientMetadataSchema.safeParse(document).success).toBe(true);
    expect(OAuthClientInformationSchema.safeParse(document).success).toBe(true);
  });
  it("reads the authorization response from the callback's query", () => {
    expect(consentFromSearch("?code=c1&state=s1")).toEqual({ type: "oauth-callback", code: "c1", state: "s1", error: undefined, errorDescription: undefined });
    expect(consentFromSearch("?error=access_denied&error_description=no&state=s1")).toMatchObject({ error: "access_denied", errorDescription: "no", state: "s1" });
  });
});
