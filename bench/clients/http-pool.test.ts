import http from "node:http";
import type { AddressInfo } from "node:net";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HttpPool, type HttpResponse } from "./http-pool.ts";

let server: http.Server;
let origin: string;
const sockets = new Set<net.Socket>();

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      if (req.url === "/json") return res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ got: body, method: req.method }));
      if (req.url === "/chunked") {
        res.writeHead(200, { "content-type": "text/event-stream" });
        res.write("data: one\n\n");
        setTimeout(() => res.end("data: twö\n\n"), 5);
        return;
      }
      if (req.url === "/slow") return void setTimeout(() => res.end("late"), 30);
      res.writeHead(404).end("no such path");
    });
  });
  server.on("connection", (socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const send = (pool: HttpPool, method: string, path: string, body?: string) =>
  new Promise<HttpResponse>((resolve, reject) => pool.request(method, path, "x-test: 1\r\n", body, (error, response) => (error ? reject(error) : resolve(response!))));

describe("HttpPool", () => {
  it("posts a body and reads a Content-Length response, headers lower-cased", async () => {
    const pool = new HttpPool(origin, { connections: 2 });
    const response = await send(pool, "POST", "/json", '{"ä":1}');
    expect(response.status).toBe(200);
    expect(response.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(response.body)).toEqual({ got: '{"ä":1}', method: "POST" });
    await pool.close();
  });

  it("reads a chunked response whole, across chunks that arrive apart", async () => {
    const pool = new HttpPool(origin, { connections: 1 });
    const response = await send(pool, "POST", "/chunked", "{}");
    expect(response.body).toBe("data: one\n\ndata: twö\n\n");
    expect((await send(pool, "POST", "/json", "x")).status).toBe(200);
    await pool.close();
  });

  it("opens no more than its connections and queues the rest, reusing them", async () => {
    sockets.clear();
    const pool = new HttpPool(origin, { connections: 3 });
    const responses = await Promise.all(Array.from({ length: 12 }, () => send(pool, "GET", "/slow")));
    expect(responses.map((r) => r.body)).toEqual(Array(12).fill("late"));
    expect(sockets.size).toBe(3);
    await pool.close();
  });

  it("closes each connection after its response when told to", async () => {
    sockets.clear();
    const pool = new HttpPool(origin, { connections: 1, closeEach: true });
    for (let i = 0; i < 3; i++) expect((await send(pool, "POST", "/json", "{}")).status).toBe(200);
    expect(sockets.size).toBe(3);
    await pool.close();
  });

  it("passes error statuses on as responses", async () => {
    const pool = new HttpPool(origin, { connections: 1 });
    expect(await send(pool, "POST", "/nowhere", "{}")).toMatchObject({ status: 404, body: "no such path" });
    await pool.close();
  });

  it("reads a response that ends with its connection", async () => {
    const raw = net.createServer((socket) => socket.once("data", () => socket.end("HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\n\r\nuntil the end")));
    await new Promise<void>((resolve) => raw.listen(0, "127.0.0.1", resolve));
    const pool = new HttpPool(`http://127.0.0.1:${(raw.address() as AddressInfo).port}`, { connections: 1 });
    expect((await send(pool, "GET", "/")).body).toBe("until the end");
    await pool.close();
    raw.close();
  });

  it("fails a request whose connection is refused or whose response is not HTTP", async () => {
    const refused = new HttpPool("http://127.0.0.1:1", { connections: 1 });
    await expect(send(refused, "GET", "/")).rejects.toThrow(/ECONNREFUSED/);
    const garbage = net.createServer((socket) => socket.once("data", () => socket.write("SSH-2.0-nope\r\n\r\n")));
    await new Promise<void>((resolve) => garbage.listen(0, "127.0.0.1", resolve));
    const pool = new HttpPool(`http://127.0.0.1:${(garbage.address() as AddressInfo).port}`, { connections: 1 });
    await expect(send(pool, "GET", "/")).rejects.toThrow(/not an HTTP\/1.1 status line/);
    await pool.close();
    garbage.close();
  });
});
