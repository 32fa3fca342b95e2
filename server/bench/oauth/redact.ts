/**
 * What the step view may show of an OAuth exchange: tokens, codes and secrets are replaced by a
 * marker before anything is stored, so no view, copy or screenshot can leak them.
 */
export const REDACTED = "•••redacted•••";

/** Fields that carry a credential in OAuth requests and replies (RFC 6749, 7591, 7636). */
const SECRET_FIELDS = new Set(["access_token", "refresh_token", "id_token", "client_secret", "code", "code_verifier", "registration_access_token", "assertion", "client_assertion", "password"]);
const SECRET_HEADERS = new Set(["cookie", "set-cookie", "proxy-authorization"]);

export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (lower === "authorization") out[name] = `${value.split(" ")[0] ?? ""} ${REDACTED}`.trim();
    else out[name] = SECRET_HEADERS.has(lower) ? REDACTED : value;
  }
  return out;
}

function redactJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactJson);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_FIELDS.has(k) && v !== null && v !== undefined ? REDACTED : redactJson(v)]));
}

/** A request or reply body as text, with credential fields redacted (JSON or form-encoded). */
export function redactBody(text: string, contentType: string | null | undefined): string {
  const type = (contentType ?? "").toLowerCase();
  if (type.includes("json") || /^\s*[{[]/.test(text)) {
    try {
      return JSON.stringify(redactJson(JSON.parse(text)), null, 2);
    } catch {
      // not JSON after all: treated as text below
    }
  }
  if (type.includes("x-www-form-urlencoded") || /^[\w.-]+=[^\s]*(&[\w.-]+=[^\s]*)*$/.test(text.trim())) {
    const params = new URLSearchParams(text);
    return [...params.keys()].map((k) => `${k}=${SECRET_FIELDS.has(k) ? REDACTED : params.get(k)}`).join("\n");
  }
  return text;
}

/** A URL with credential query parameters (an authorization code on a callback) redacted. */
export function redactUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return raw;
  }
  for (const key of [...url.searchParams.keys()]) if (SECRET_FIELDS.has(key)) url.searchParams.set(key, REDACTED);
  return url.href;
}
