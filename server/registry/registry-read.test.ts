import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getVersionGET } from "../../app/v0.1/servers/[name]/versions/[version]/route.ts";
import { GET as listVersionsGET } from "../../app/v0.1/servers/[name]/versions/route.ts";
import { GET as listServersGET } from "../../app/v0.1/servers/route.ts";
import { publishRuntime } from "../runtime-registry.ts";
import { openTestRuntime } from "../trpc/test-runtime.ts";
import { OFFICIAL_META_KEY, type ServerList, type ServerResponse, errorBodySchema, serverListSchema, serverResponseSchema } from "./official-shapes.ts";

const WEATHER = "io.github.acme/weather";
const FILES = "com.example/files";
const EVERYTHING = "io.github.modelcontextprotocol/server-everything";

const PUBLISHED: [name: string, version: string, publishedAt: string][] = [
  [WEATHER, "1.0.0", "2026-01-01T00:00:00.000Z"],
  [WEATHER, "1.1.0", "2026-02-01T00:00:00.000Z"],
  [WEATHER, "2.0.0", "2026-03-01T00:00:00.000Z"],
  [FILES, "0.1.0", "2026-01-15T00:00:00.000Z"],
  [FILES, "0.2.0+build.7", "2026-02-15T00:00:00.000Z"],
];

function manifest(name: string, version: string) {
  return {
    $schema: "https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json",
    name,
    description: `Test server ${name}`,
    version,
    packages: [{ registryType: "npm", identifier: `@test/${name.split("/")[1]}`, version, transport: { type: "stdio" } }],
    _meta: { "io.switchyard/runtime": { trust: "trusted", shareable: true } },
  };
}

/** Routes a GET the way Next does: match the still-encoded path, then decode each segment. */
async function get(path: string): Promise<{ status: number; contentType: string | null; body: unknown }> {
  const request = new Request(`http://127.0.0.1:3000${path}`);
  const pathname = new URL(request.url).pathname;
  const match = /^\/v0\.1\/servers\/([^/]+)\/versions(?:\/([^/]+))?$/.exec(pathname);
  let response: Response;
  if (pathname === "/v0.1/servers") response = await listServersGET(request);
  else if (match?.[2] !== undefined) {
    const params = Promise.resolve({ name: decodeURIComponent(match[1]!), version: decodeURIComponent(match[2]) });
    response = await getVersionGET(request, { params });
  } else if (match) response = await listVersionsGET(request, { params: Promise.resolve({ name: decodeURIComponent(match[1]!) }) });
  else throw new Error(`no route for ${path}`);
  return { status: response.status, contentType: response.headers.get("content-type"), body: await response.json() };
}

async function getList(path: string): Promise<ServerList> {
  const { status, contentType, body } = await get(path);
  expect(status).toBe(200);
  expect(contentType).toMatch(/^application\/json/);
  return serverListSchema.parse(body);
}

async function getOne(path: string): Promise<ServerResponse> {
  const { status, body } = await get(path);
  expect(status).toBe(200);
  return serverResponseSchema.parse(body);
}

async function getError(path: string, status: number): Promise<string> {
  const response = await get(path);
  expect(response.status).toBe(status);
  expect(response.contentType).toMatch(/^application\/json/);
  return errorBodySchema.parse(response.body).error;
}

const ids = (list: ServerList) => list.servers.map(({ server }) => `${server.name}@${server.version}`);
const official = (response: ServerResponse) => response._meta[OFFICIAL_META_KEY];
const encode = encodeURIComponent;

describe("registry read API /v0.1", () => {
  let runtime: Awaited<ReturnType<typeof openTestRuntime>>;

  beforeAll(async () => {
    runtime = await openTestRuntime();
    publishRuntime(runtime);
    const db = runtime.database.prisma;
    for (const name of [WEATHER, FILES]) await db.component.create({ data: { name, ownerId: runtime.localTenantId! } });
    for (const [name, version, publishedAt] of PUBLISHED) {
      const { id } = await db.component.findUniqueOrThrow({ where: { name } });
      await db.componentVersion.create({ data: { componentId: id, version, manifest: manifest(name, version), publishedAt: new Date(publishedAt) } });
    }
  });
  afterAll(() => runtime.close());

  it("lists every version of every server by name, then publish time", async () => {
    const list = await getList("/v0.1/servers");
    expect(ids(list)).toEqual([
      `${FILES}@0.1.0`,
      `${FILES}@0.2.0+build.7`,
      `${WEATHER}@1.0.0`,
      `${WEATHER}@1.1.0`,
      `${WEATHER}@2.0.0`,
      expect.stringMatching(new RegExp(`^${EVERYTHING}@`)),
    ]);
    expect(list.metadata).toEqual({ count: 6 });
    expect(list.servers.map((entry) => official(entry).isLatest)).toEqual([false, true, false, false, true, true]);
    expect(official(list.servers[2]!)).toEqual({
      status: "active",
      publishedAt: "2026-01-01T00:00:00.000Z",
      updatedAt: "2026-01-01T00:00:00.000Z",
      isLatest: false,
    });
  });

  it("serves the server.json as published, publisher _meta included", async () => {
    const list = await getList(`/v0.1/servers?search=weather&limit=1`);
    expect(list.servers[0]!.server).toEqual(manifest(WEATHER, "1.0.0"));
  });

  it("walks all pages with limit=2: stable, no duplicates, nothing missed", async () => {
    const all = ids(await getList("/v0.1/servers"));
    const walked: string[] = [];
    const cursors: string[] = [];
    let path = "/v0.1/servers?limit=2";
    for (;;) {
      const page = await getList(path);
      expect(page.metadata.count).toBe(page.servers.length);
      expect(page.servers.length).toBeLessThanOrEqual(2);
      walked.push(...ids(page));
      if (!page.metadata.nextCursor) break;
      cursors.push(page.metadata.nextCursor);
      path = `/v0.1/servers?limit=2&cursor=${encode(page.metadata.nextCursor)}`;
    }
    expect(walked).toEqual(all);
    expect(new Set(walked).size).toBe(walked.length);
    expect(cursors).toHaveLength(2);
    // The same cursor gives the same page again.
    expect(ids(await getList(`/v0.1/servers?limit=2&cursor=${encode(cursors[0]!)}`))).toEqual(walked.slice(2, 4));
  });

  it("takes up to 100 a page, and says when more follow", async () => {
    expect((await getList("/v0.1/servers?limit=100")).metadata.count).toBe(6);
    expect((await getList("/v0.1/servers?limit=1")).metadata).toEqual({ count: 1, nextCursor: expect.any(String) });
  });

  it("searches by case-insensitive substring of the name", async () => {
    expect(ids(await getList("/v0.1/servers?search=WEATH"))).toEqual([`${WEATHER}@1.0.0`, `${WEATHER}@1.1.0`, `${WEATHER}@2.0.0`]);
    expect(ids(await getList(`/v0.1/servers?search=${encode("com.example/")}`))).toEqual([`${FILES}@0.1.0`, `${FILES}@0.2.0+build.7`]);
    expect(await getList("/v0.1/servers?search=nothing-like-this")).toEqual({ servers: [], metadata: { count: 0 } });
    // LIKE wildcards are plain characters: no name here has a % or an _.
    expect(ids(await getList(`/v0.1/servers?search=${encode("%")}`))).toEqual([]);
    expect(ids(await getList("/v0.1/servers?search=_"))).toEqual([]);
  });

  it("filters by updated_since (after that instant), also with an offset", async () => {
    expect(ids(await getList("/v0.1/servers?search=acme&updated_since=2026-02-01T00:00:00Z"))).toEqual([`${WEATHER}@2.0.0`]);
    expect(ids(await getList(`/v0.1/servers?search=acme&updated_since=${encode("2026-01-31T20:00:00-05:00")}`))).toEqual([`${WEATHER}@2.0.0`]);
    expect(ids(await getList("/v0.1/servers?search=acme&updated_since=2025-12-31T23:59:59.999Z"))).toHaveLength(3);
  });

  it("filters by version: latest, or one exact version", async () => {
    const latest = await getList("/v0.1/servers?version=latest");
    expect(ids(latest)).toEqual([`${FILES}@0.2.0+build.7`, `${WEATHER}@2.0.0`, expect.stringMatching(new RegExp(`^${EVERYTHING}@`))]);
    expect(latest.servers.every((entry) => official(entry).isLatest)).toBe(true);
    expect(ids(await getList("/v0.1/servers?version=1.1.0"))).toEqual([`${WEATHER}@1.1.0`]);
    expect(ids(await getList("/v0.1/servers?version=latest&search=files&limit=1"))).toEqual([`${FILES}@0.2.0+build.7`]);
  });

  it("combines search, updated_since and pagination", async () => {
    const first = await getList("/v0.1/servers?search=.&updated_since=2026-01-10T00:00:00Z&limit=3");
    expect(ids(first)).toEqual([`${FILES}@0.1.0`, `${FILES}@0.2.0+build.7`, `${WEATHER}@1.1.0`]);
    const second = await getList(`/v0.1/servers?search=.&updated_since=2026-01-10T00:00:00Z&limit=3&cursor=${encode(first.metadata.nextCursor!)}`);
    expect(ids(second)).toEqual([`${WEATHER}@2.0.0`, expect.stringMatching(new RegExp(`^${EVERYTHING}@`))]);
    expect(second.metadata.nextCursor).toBeUndefined();
  });

  it("lists one server's versions newest first, with the name URL-encoded", async () => {
    const list = await getList(`/v0.1/servers/${encode(WEATHER)}/versions`);
    expect(ids(list)).toEqual([`${WEATHER}@2.0.0`, `${WEATHER}@1.1.0`, `${WEATHER}@1.0.0`]);
    expect(list.servers.map((entry) => official(entry).isLatest)).toEqual([true, false, false]);
    expect(list.metadata).toEqual({ count: 3 });
  });

  it("also reads a name whose slash is still encoded after routing (%252F)", async () => {
    expect(ids(await getList(`/v0.1/servers/${encode(encode(FILES))}/versions`))).toHaveLength(2);
  });

  it("gets one version, including one with build metadata", async () => {
    const one = await getOne(`/v0.1/servers/${encode(WEATHER)}/versions/1.1.0`);
    expect(one.server).toEqual(manifest(WEATHER, "1.1.0"));
    expect(official(one)).toMatchObject({ publishedAt: "2026-02-01T00:00:00.000Z", isLatest: false });
    const build = await getOne(`/v0.1/servers/${encode(FILES)}/versions/${encode("0.2.0+build.7")}`);
    expect(build.server.version).toBe("0.2.0+build.7");
    expect(official(build).isLatest).toBe(true);
  });

  it("gets the newest version with `latest`, also for the demo component", async () => {
    const latest = await getOne(`/v0.1/servers/${encode(WEATHER)}/versions/latest`);
    expect(latest.server.version).toBe("2.0.0");
    expect(official(latest).isLatest).toBe(true);
    const everything = await getOne(`/v0.1/servers/${encode(EVERYTHING)}/versions/latest`);
    expect(everything.server).toMatchObject({ name: EVERYTHING, title: "Everything" });
  });

  it("answers 404 with { error } for an unknown server or version", async () => {
    expect(await getError(`/v0.1/servers/${encode("io.github.nobody/nothing")}/versions`, 404)).toBe("Server not found: io.github.nobody/nothing");
    expect(await getError(`/v0.1/servers/${encode("io.github.nobody/nothing")}/versions/latest`, 404)).toBe("Server not found: io.github.nobody/nothing");
    expect(await getError(`/v0.1/servers/${encode(WEATHER)}/versions/9.9.9`, 404)).toBe(`Server version not found: ${WEATHER} 9.9.9`);
  });

  it.each([
    ["limit=0", "limit: expected a whole number from 1 to 100, e.g. 30"],
    ["limit=101", "limit: expected a whole number from 1 to 100, e.g. 30"],
    ["limit=2.5", "limit: expected a whole number from 1 to 100, e.g. 30"],
    ["limit=ten", "limit: expected a whole number from 1 to 100, e.g. 30"],
    ["cursor=not-a-cursor", "cursor: expected the metadata.nextCursor of a previous page, unchanged"],
    [`cursor=${Buffer.from('["a","yesterday","b"]').toString("base64url")}`, "cursor: expected the metadata.nextCursor of a previous page, unchanged"],
    ["updated_since=yesterday", "updated_since: expected an RFC 3339 date-time, e.g. 2025-08-07T13:15:04.280Z"],
    ["updated_since=2026-01-01T00:00:00", "updated_since: expected an RFC 3339 date-time, e.g. 2025-08-07T13:15:04.280Z"],
    ["updated_since=2026-01-01", "updated_since: expected an RFC 3339 date-time, e.g. 2025-08-07T13:15:04.280Z"],
    ["version=", 'version: expected "latest" or an exact version, e.g. 1.2.3'],
  ])("answers 400 naming the parameter for %s", async (query, message) => {
    expect(await getError(`/v0.1/servers?${query}`, 400)).toBe(message);
  });

  it("needs no console session or API key", async () => {
    const response = await listServersGET(new Request("http://registry.example.com/v0.1/servers", { headers: { origin: "https://elsewhere.example" } }));
    expect(response.status).toBe(200);
  });
});
