import { describe, expect, it } from "vitest";
import { RawReply, messageText, replyEnvelope } from "./raw-reply.ts";
import type { Message } from "./session-mux.ts";

describe("replyEnvelope", () => {
  it("finds the id of a reply written id-last (TypeScript SDK) or id-first (Python SDK), result or error", () => {
    const last = '{"result":{"content":[{"type":"text","text":"Echo: hi"}]},"jsonrpc":"2.0","id":17}';
    expect(replyEnvelope(last)).toEqual({ id: 17, idStart: last.length - 3, idEnd: last.length - 1, isError: false });
    expect(replyEnvelope('{"error":{"code":-32601,"message":"no"},"jsonrpc":"2.0","id":3}')).toMatchObject({ id: 3, isError: true });
    expect(replyEnvelope('{"jsonrpc":"2.0","id":250,"result":{}}')).toEqual({ id: 250, idStart: 22, idEnd: 25, isError: false });
    expect(replyEnvelope('{"jsonrpc":"2.0","id":4,"error":{"code":1,"message":"x"}}')).toMatchObject({ id: 4, isError: true });
  });

  it.each([
    ["a request", '{"jsonrpc":"2.0","id":5,"method":"sampling/createMessage","params":{}}'],
    ["a notification", '{"method":"notifications/progress","params":{"progressToken":5},"jsonrpc":"2.0"}'],
    ["a string id", '{"result":{},"jsonrpc":"2.0","id":"own-1"}'],
    ["a null id", '{"error":{"code":-32700,"message":"parse error"},"jsonrpc":"2.0","id":null}'],
    ["an id only inside the result", '{"result":{"item":{"jsonrpc":"2.0","id":9}}}'],
    ["spaces between tokens", '{ "result": {}, "jsonrpc": "2.0", "id": 5 }'],
    ["an id-last line that does not open with result or error", '{"jsonrpc":"2.0","result":{},"id":5}'],
    ["trailing bytes after the closing brace", '{"result":{},"jsonrpc":"2.0","id":5} '],
    ["an id-first line ending in a CR", '{"jsonrpc":"2.0","id":5,"result":{}}\r'],
    ["a CR between tokens", '{"result":{}\r,"jsonrpc":"2.0","id":5}'],
    ["a log line", "server started on port 5"],
  ])("leaves %s to the full parse", (_what, line) => {
    expect(replyEnvelope(line)).toBeUndefined();
  });
});

describe("RawReply", () => {
  const line = '{"result":{"content":[{"type":"text","text":"Echo: \\"id\\":1}"}]},"jsonrpc":"2.0","id":17}';

  it("is the server's text with only the id replaced, and parses only when its result is read", () => {
    const reply = new RawReply("client-7", line, replyEnvelope(line)!);
    expect(messageText(reply)).toBe('{"result":{"content":[{"type":"text","text":"Echo: \\"id\\":1}"}]},"jsonrpc":"2.0","id":"client-7"}');
    reply.id = 2;
    expect(JSON.parse(messageText(reply))).toEqual({ result: { content: [{ type: "text", text: 'Echo: "id":1}' }] }, jsonrpc: "2.0", id: 2 });
    expect(reply.result).toEqual({ content: [{ type: "text", text: 'Echo: "id":1}' }] });
    expect(reply.error).toBeUndefined();
    expect((reply as Message).method).toBeUndefined();
  });

  it("keeps a change made to the parsed result, and serializes like a plain message", () => {
    const reply = new RawReply(1, line, replyEnvelope(line)!);
    (reply.result as { content: Array<{ text: string }> }).content[0]!.text = "changed";
    expect(JSON.parse(messageText(reply))).toEqual({ result: { content: [{ type: "text", text: "changed" }] }, jsonrpc: "2.0", id: 1 });
    expect(JSON.parse(JSON.stringify(reply))).toEqual(JSON.parse(messageText(reply)));
    expect({ ...reply }).toEqual({ jsonrpc: "2.0", id: 1 });
  });

  it("gives an error reply's error", () => {
    const error = '{"error":{"code":-32602,"message":"bad arguments"},"jsonrpc":"2.0","id":8}';
    const reply = new RawReply(3, error, replyEnvelope(error)!);
    expect([reply.isError, reply.error, reply.result]).toEqual([true, { code: -32602, message: "bad arguments" }, undefined]);
  });

  it("puts members first in the result, in either id order and for an empty result, and keeps the client's id", () => {
    const members = '"resultType":"complete","_meta":{"who":1}';
    const idLast = new RawReply(9, line, replyEnvelope(line)!).withResultMembers(members)!;
    expect(JSON.parse(messageText(idLast))).toEqual({ result: { resultType: "complete", _meta: { who: 1 }, content: [{ type: "text", text: 'Echo: "id":1}' }] }, jsonrpc: "2.0", id: 9 });
    expect(idLast.result).toEqual({ resultType: "complete", _meta: { who: 1 }, content: [{ type: "text", text: 'Echo: "id":1}' }] });
    const idFirst = '{"jsonrpc":"2.0","id":4,"result":{ }}';
    const empty = new RawReply("c", idFirst, replyEnvelope(idFirst)!).withResultMembers(members)!;
    expect(JSON.parse(messageText(empty))).toEqual({ jsonrpc: "2.0", id: "c", result: { resultType: "complete", _meta: { who: 1 } } });
  });

  it("leaves an error, a result that is not an object, and a reply already parsed to the parsed path", () => {
    const error = '{"error":{"code":-32602,"message":"bad arguments"},"jsonrpc":"2.0","id":8}';
    expect(new RawReply(1, error, replyEnvelope(error)!).withResultMembers('"a":1')).toBeUndefined();
    const scalar = '{"result":null,"jsonrpc":"2.0","id":8}';
    expect(new RawReply(1, scalar, replyEnvelope(scalar)!).withResultMembers('"a":1')).toBeUndefined();
    const parsed = new RawReply(1, line, replyEnvelope(line)!);
    void parsed.result;
    expect(parsed.withResultMembers('"a":1')).toBeUndefined();
    expect(parsed.mentions('"content"')).toBe(true);
    expect(parsed.mentions('"_meta"')).toBe(false);
  });
});
