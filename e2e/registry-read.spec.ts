import { errorBodySchema, OFFICIAL_META_KEY, serverListSchema, serverResponseSchema } from "../server/registry/official-shapes.ts";
import { everythingManifest } from "../server/seed/catalog.ts";
import { expect, test } from "./fixtures.ts";

const EVERYTHING = everythingManifest(process.cwd()).name;

test("the /v0.1 registry API answers in the official shapes, without a session", async ({ request, product }) => {
  const list = await request.get(`${product.web}/v0.1/servers?search=everything`);
  expect(list.status()).toBe(200);
  expect(list.headers()["content-type"]).toMatch(/^application\/json/);
  const servers = serverListSchema.parse(await list.json()).servers;
  expect(servers.map(({ server }) => server.name)).toEqual([EVERYTHING]);

  // Next routes the encoded slash as one segment and hands the handler the decoded name.
  const versions = await request.get(`${product.web}/v0.1/servers/${encodeURIComponent(EVERYTHING)}/versions`);
  expect(versions.status()).toBe(200);
  expect(serverListSchema.parse(await versions.json()).metadata.count).toBe(1);
  const latest = await request.get(`${product.web}/v0.1/servers/${encodeURIComponent(EVERYTHING)}/versions/latest`);
  expect(latest.status()).toBe(200);
  const response = serverResponseSchema.parse(await latest.json());
  expect(response._meta[OFFICIAL_META_KEY].isLatest).toBe(true);

  const bad = await request.get(`${product.web}/v0.1/servers?limit=0`);
  expect(bad.status()).toBe(400);
  expect(errorBodySchema.parse(await bad.json()).error).toMatch(/^limit: /);
  const missing = await request.get(`${product.web}/v0.1/servers/${encodeURIComponent("io.github.nobody/nothing")}/versions`);
  expect(missing.status()).toBe(404);
  expect(errorBodySchema.parse(await missing.json()).error).toBe("Server not found: io.github.nobody/nothing");
});
