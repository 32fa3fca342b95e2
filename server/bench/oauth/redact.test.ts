import { describe, expect, it } from "vitest";
import { REDACTED, redactBody, redactHeaders, redactUrl } from "./redact.ts";

describe("redaction for the OAuth step view", () => {
  it("keeps the scheme of an Authorization header and hides the credential and cookies", () => {
    expect(redactHeaders({ Authorization: "Bearer abc.def", cookie: "sid=1", accept: "application/json" })).toEqual({ Authorization: `Bearer ${REDACTED}`, cookie: REDACTED, accept: "application/json" });
  });
  it("hides token, code and secret fields in JSON at any depth", () => {
    const shown = redactBody(JSON.stringify({ access_token: "at", token_type: "Bearer", nested: [{ refresh_token: "rt", client_secret: "cs" }] }), "application/json");
    expect(JSON.parse(shown)).toEqual({ access_token: REDACTED, token_type: "Bearer", nested: [{ refresh_token: REDACTED, client_secret: REDACTED }] });
  });
  it("hides them in form-encoded bodies, one parameter a line", () => {
    expect(redactBody("grant_type=authorization_code&code=xyz&code_verifier=v&client_id=c", "application/x-www-form-urlencoded")).toBe(`grant_type=authorization_code\ncode=${REDACTED}\ncode_verifier=${REDACTED}\nclient_id=c`);
  });
  it("hides a code in a callback URL but keeps the state", () => {
    expect(redactUrl("http://127.0.0.1:3000/bench/oauth/callback?code=secret&state=s1")).toBe(`http://127.0.0.1:3000/bench/oauth/callback?code=${encodeURIComponent(REDACTED)}&state=s1`);
  });
  it("leaves other text alone", () => {
    expect(redactBody("<html>nope</html>", "text/html")).toBe("<html>nope</html>");
  });
});
