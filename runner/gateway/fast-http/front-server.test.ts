import http from "node:http";
import net from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { HttpRequestHead } from "../../protocol/http-exchange.ts";
import type { FastResponse } from "./fast-response.ts";
import { FrontServer } from "./front-server.ts";

let front: FrontServer;
let port: number;
let served: Array<{ req: HttpRequestHead; res: FastResponse }>;

beforeEach(async () => {
  served = [];
  const fallback = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => res.end(`fallback ${req.method} ${req.url} ${body}`));
  });
  front = new FrontServer({
    fallback,
    limits: { maxHeadBytes: 16 * 1024, maxBodyBytes: 1024, path: /^\/mcp\/[a-z]+$/ },
    serve: (req, res) => {
      served.push({ req, res });
      const body = req.body!.toString();
      if (body === "stream") {
        res.writeHead(200, { "content-type": "text/event-stream" });
        res.flushHeaders();
        res.write("data: one\n\n");
        setTimeout(() => res.end("data: two\n\n"), 20);
      } else if (body !== "hold") {
        res.writeHead(200, { "content-type": "text/plain" }).end(`fast ${req.url} ${body}`);
      }
    },
  });
  await new Promise<void>((resolve) => front.listen(0, "127.0.0.1", resolve));
  port = (front.address() as net.AddressInfo).port;
});

afterEach(async () => {
  front.closeAllConnections();
  await new Promise((resolve) => front.close(resolve));
});

const post = (path: string, body: string, extra = "") => `POST ${path} HTTP/1.1\r\nHost: t\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${extra}\r\n${body}`;

/** Writes `text` on one raw connection and collects what comes back until `done` says it is all there or the server closes. */
function exchange(text: string | string[], done: (answer: string) => boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    let answer = "";
    socket.on("data", (chunk) => {
      answer += chunk;
      if (done(answer)) {
        socket.destroy();
        resolve(answer);
      }
    });
    socket.on("close", () => resolve(answer));
    socket.on("error", reject);
    for (const part of [text].flat()) socket.write(part);
  });
}

const count = (text: string, what: string) => text.split(what).length - 1;

describe("FrontServer", () => {
  it("serves several POSTs on one keep-alive connection, pipelined ones in order", async () => {
    const answer = await exchange(post("/mcp/a", "one") + post("/mcp/a", "two"), (a) => a.includes("fast /mcp/a two"));
    expect(count(answer, "HTTP/1.1 200 OK")).toBe(2);
    expect(answer.indexOf("fast /mcp/a one")).toBeLessThan(answer.indexOf("fast /mcp/a two"));
    expect(answer).toMatch(/content-length: 15\r\n/);
    expect(answer).toMatch(/connection: keep-alive\r\nkeep-alive: timeout=5\r\n/);
  });

  it("hands the connection to node:http at the first request it does not serve, bytes intact", async () => {
    const answer = await exchange([post("/mcp/a", "one"), "GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n", post("/mcp/a", "after")], (a) => a.includes("fallback POST /mcp/a after"));
    expect(answer).toContain("fast /mcp/a one");
    expect(answer).toContain("fallback GET /healthz");
    expect(served).toHaveLength(1);
  });

  it("leaves a chunked body to node:http, which reads it whole", async () => {
    const chunked = "POST /mcp/a HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n";
    expect(await exchange(chunked, (a) => a.includes("abc"))).toContain("fallback POST /mcp/a abc");
  });

  it("leaves Content-Length with Transfer-Encoding (request smuggling) to node:http, which refuses it", async () => {
    const smuggle = "POST /mcp/a HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /x HTTP/1.1\r\nHost: t\r\n\r\n";
    const answer = await exchange(smuggle, () => false);
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
    expect(served).toHaveLength(0);
  });

  it("streams a response in chunks that a real HTTP client reads, then takes the next request", async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const request = (body: string) =>
      new Promise<string>((resolve, reject) => {
        const req = http.request({ agent, port, host: "127.0.0.1", path: "/mcp/a", method: "POST", headers: { "content-length": body.length } }, (res) => {
          let text = "";
          res.on("data", (chunk) => (text += chunk));
          res.on("end", () => resolve(text));
        });
        req.on("error", reject);
        req.end(body);
      });
    expect(await request("stream")).toBe("data: one\n\ndata: two\n\n");
    expect(await request("plain")).toBe("fast /mcp/a plain");
    agent.destroy();
  });

  it("tells a response that its client went away before the end", async () => {
    const socket = net.connect(port, "127.0.0.1");
    socket.write(post("/mcp/a", "hold"));
    while (served.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    const closed = new Promise<boolean>((resolve) => served[0]!.res.once("close", () => resolve(served[0]!.res.writableEnded)));
    socket.destroy();
    expect(await closed).toBe(false);
    expect(served[0]!.res.destroyed).toBe(true);
  });

  it("answers 408 to a head that does not arrive in time", async () => {
    front.headersTimeout = 100;
    const answer = await exchange("POST /mcp/a HTTP/1.1\r\nHost: t\r\n", () => false);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });

  it("refuses a header value with a line break instead of sending it (response splitting)", async () => {
    const socket = net.connect(port, "127.0.0.1");
    socket.write(post("/mcp/a", "hold"));
    while (served.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(() => served[0]!.res.writeHead(200, { "x-a": "a\r\nset-cookie: b" }).end("x")).toThrow(/line break/);
    socket.destroy();
  });
});
