import { describe, expect, it } from "vitest";
import { REDACTED, redactTrace } from "./redact.ts";

const key = "sy_ab12cd34_s3cr3tS3cr3tS3cr3tS3cr3t";

describe("redactTrace", () => {
  it("redacts credential headers and URL credentials, keeping the rest", () => {
    const { connection, redacted } = redactTrace(
      { label: "x", url: "https://bob:pw123456@example.com/mcp?api_key=abcdef123&region=eu", headers: { Authorization: `Bearer ${key}`, "X-API-Key": "k-123456789", Accept: "application/json", "Mcp-Session-Id": "sess-1234567" } },
      [],
    );
    expect(connection.headers).toEqual({ Authorization: REDACTED, "X-API-Key": REDACTED, Accept: "application/json", "Mcp-Session-Id": REDACTED });
    expect(connection.url).toBe("https://redacted@example.com/mcp?api_key=%5Bredacted%5D&region=eu");
    expect(redacted).toEqual(expect.arrayContaining(["connection.headers.Authorization", "connection.headers.X-API-Key", "connection.url (user info)", "connection.url ?api_key"]));
  });

  it("redacts credential-like fields in messages, walks objects under such names, keeps progressToken", () => {
    const messages = [
      { message: { jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "login", arguments: { user: "ann", password: "hunter22", apiKey: "xyz", client_secret: "s", token: 7 }, _meta: { progressToken: 3 } } } },
      { message: { jsonrpc: "2.0", id: 2, result: { tools: [{ name: "login", inputSchema: { properties: { password: { type: "string" } } } }] } } },
    ];
    const { messages: out, redacted } = redactTrace({}, messages);
    expect(out[0]!.message.params!.arguments).toEqual({ user: "ann", password: REDACTED, apiKey: REDACTED, client_secret: REDACTED, token: REDACTED });
    expect(out[0]!.message.params!._meta).toEqual({ progressToken: 3 });
    expect(out[1]).toEqual(messages[1]);
    expect(redacted).toContain("messages[0].message.params.arguments.password");
    expect(messages[0]!.message.params!.arguments.password).toBe("hunter22");
  });

  it("removes the header's secret wherever it appears, and bearer or Switchyard keys in any string", () => {
    const messages = [
      { message: { jsonrpc: "2.0", id: 1, result: { content: [{ type: "text", text: `Echo: plain-abcdef123456 and Bearer abcdefghijkl and sy_zz99_${"q".repeat(20)}` }] } } },
    ];
    const { messages: out } = redactTrace({ headers: { authorization: "Bearer plain-abcdef123456" } }, messages);
    const text = JSON.stringify(out);
    expect(text).not.toContain("abcdef123456");
    expect(text).not.toContain("abcdefghijkl");
    expect(text).not.toContain("q".repeat(20));
    expect(out[0]!.message.result.content[0]!.text).toBe(`Echo: ${REDACTED} and Bearer ${REDACTED} and ${REDACTED}`);
  });
});
