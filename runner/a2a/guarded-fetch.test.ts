import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addressRefusal, guardedFetch } from "./guarded-fetch.ts";

let server: http.Server;
let port: number;

beforeAll(async () => {
  server = http.createServer((_req, res) => res.end("ok"));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as { port: number }).port;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("the network guard for remote A2A agents", () => {
  it("knows which addresses each mode reaches", () => {
    expect(addressRefusal("127.0.0.1", "local")).toBeUndefined();
    expect(addressRefusal("10.0.0.1", "local")).toBeUndefined();
    expect(addressRefusal("169.254.169.254", "local")).toBe("a link-local address");
    expect(addressRefusal("::ffff:169.254.169.254", "local")).toBe("a link-local address");
    expect(addressRefusal("127.0.0.1", "saas")).toContain("private");
    expect(addressRefusal("192.168.1.1", "saas")).toContain("private");
    expect(addressRefusal("93.184.216.34", "saas")).toBeUndefined();
  });

  it("local mode reaches a loopback server", async () => {
    const response = await guardedFetch({ mode: "local" })(`http://127.0.0.1:${port}/`);
    expect(await response.text()).toBe("ok");
  });

  it("saas mode refuses loopback, by literal address and by a name that resolves there", async () => {
    await expect(guardedFetch({ mode: "saas" })(`http://127.0.0.1:${port}/`)).rejects.toThrow("saas mode does not reach");
    const rebinding = guardedFetch({ mode: "saas", lookup: async () => ["93.184.216.34", "127.0.0.1"] });
    await expect(rebinding(`http://agent.example:${port}/`)).rejects.toThrow("agent.example resolves to 127.0.0.1");
  });

  it("refuses credentials in the URL and other schemes", async () => {
    await expect(guardedFetch({ mode: "local" })(`http://user:pw@127.0.0.1:${port}/`)).rejects.toThrow("user name or password");
    await expect(guardedFetch({ mode: "local" })("file:///etc/passwd")).rejects.toThrow("file: URLs are not fetched");
  });

  it("caps the body it reads", async () => {
    const response = await guardedFetch({ mode: "local", maxBytes: 1 })(`http://127.0.0.1:${port}/`);
    await expect(response.text()).rejects.toThrow();
  });
});
