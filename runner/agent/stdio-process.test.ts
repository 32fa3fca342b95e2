import { describe, expect, it } from "vitest";
import { StdioProcess } from "./stdio-process.ts";

const script = (code: string) => ({ command: process.execPath, args: ["-e", code], env: {}, cwd: process.cwd() });

describe("StdioProcess", () => {
  it("splits stdout into lines, however the bytes arrive", async () => {
    const child = new StdioProcess(
      script(`process.stdout.write('{"a":1}\\n{"b"'); setTimeout(() => process.stdout.write(':2}\\n\\n{"c":3}\\n'), 20);`),
    );
    const lines: string[] = [];
    child.onLine = (line) => lines.push(line);
    await new Promise<void>((resolve) => (child.onExit = () => resolve()));
    expect(lines).toEqual(['{"a":1}', '{"b":2}', '{"c":3}']);
  });

  it("echoes what it is sent and keeps the last stderr lines", async () => {
    const child = new StdioProcess(
      script(`for (let i = 0; i < 300; i++) console.error('line ' + i); process.stdin.on('data', (d) => process.stdout.write(d));`),
    );
    const got = new Promise<string>((resolve) => (child.onLine = resolve));
    child.send('{"jsonrpc":"2.0","id":1,"method":"ping"}');
    expect(await got).toBe('{"jsonrpc":"2.0","id":1,"method":"ping"}');
    await expect.poll(() => child.stderr.tail(1)).toEqual(["line 299"]);
    expect(child.stderr.tail()).toHaveLength(200);
    await child.stop("test over");
    expect(child.exited?.reason).toBe("test over");
  });

  it("sends the messages of one turn in order, and what is queued before stop() still reaches the process", async () => {
    // The child outlives stop()'s SIGTERM to report what it read once its stdin ends.
    const child = new StdioProcess(
      script(
        `process.on('SIGTERM', () => {}); console.log('"ready"'); let text = ''; process.stdin.on('data', (d) => (text += d)); process.stdin.on('end', () => { const lines = text.split('\\n').filter(Boolean); console.log(JSON.stringify({ count: lines.length, first: lines[0], last: lines.at(-1) })); });`,
      ),
    );
    const lines: string[] = [];
    child.onLine = (line) => lines.push(line);
    await expect.poll(() => lines).toEqual(['"ready"']);
    for (let n = 0; n < 500; n++) expect(child.send(`{"n":${n}}`)).toBe(true);
    await child.stop("done");
    expect(lines.map((line) => JSON.parse(line))).toEqual(["ready", { count: 500, first: '{"n":0}', last: '{"n":499}' }]);
    expect(child.send('{"n":500}')).toBe(false);
  });

  it("gets no environment but what the spec gives it", async () => {
    process.env.SWITCHYARD_TEST_HOST_SECRET = "host-only";
    const child = new StdioProcess({ ...script("console.log(JSON.stringify(process.env))"), env: { ONLY: "this" } });
    const line = await new Promise<string>((resolve) => (child.onLine = resolve));
    const env = JSON.parse(line) as Record<string, string>;
    expect(env.ONLY).toBe("this");
    expect(env.SWITCHYARD_TEST_HOST_SECRET).toBeUndefined();
    expect(env.PATH).toBeUndefined();
    delete process.env.SWITCHYARD_TEST_HOST_SECRET;
  });

  it("kills a process that ignores SIGTERM after the grace period", async () => {
    const child = new StdioProcess(script(`process.on('SIGTERM', () => {}); process.stdin.resume(); console.log('"ready"'); setInterval(() => {}, 1000);`));
    await new Promise<void>((resolve) => (child.onLine = () => resolve()));
    await child.stop("stubborn", 200);
    expect(child.exited).toMatchObject({ signal: "SIGKILL", reason: "stubborn" });
  });

  it("reports a command that cannot start", async () => {
    const child = new StdioProcess({ command: "/nonexistent/binary", args: [], env: {}, cwd: process.cwd() });
    await new Promise<void>((resolve) => (child.onExit = () => resolve()));
    expect(child.exited?.reason).toMatch(/^could not start: spawn \/nonexistent\/binary ENOENT/);
    expect(child.send("x")).toBe(false);
  });
});
