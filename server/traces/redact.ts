/**
 * What a saved trace must not keep. Redacted, each replaced by "[redacted]":
 * - connection headers that carry credentials: Authorization, Proxy-Authorization, Cookie,
 *   Set-Cookie, and any header whose name mentions key, token, secret, password, auth, cookie,
 *   session or credential (X-API-Key, Mcp-Session-Id, ...);
 * - in the connection URL: the user:password part and query parameters with such names;
 * - in the messages: the value of any field named like a credential (apiKey, access_token,
 *   client_secret, password, authorization, cookie, credentials, ...) when it is a string or a
 *   number — objects under such names (a tool's input schema, say) are walked instead; MCP's own
 *   progressToken and cursors are kept;
 * - anywhere in the trace: the literal value of every redacted header (and its bearer token),
 *   so a key a server echoes back does not survive either; and strings that look like a bearer
 *   credential ("Bearer ...") or a Switchyard API key (sy_...).
 */
export const REDACTED = "[redacted]";

const SECRET_HEADER = /authorization|cookie|key|token|secret|password|passwd|auth|session|credential/i;
const SECRET_FIELD = /(api[-_]?key|^key$|[-_]key$|secret|password|passwd|passphrase|token|authorization|^auth$|cookie|credential|private[-_]?key)/i;
const PROTOCOL_FIELDS = new Set(["progressToken", "nextCursor", "cursor"]);
const BEARER = /\bBearer\s+[A-Za-z0-9._~+/=-]{8,}/g;
const SWITCHYARD_KEY = /\bsy_[A-Za-z0-9]+_[A-Za-z0-9_-]{8,}/g;

export interface RedactedTrace<C, M> {
  connection: C;
  messages: M;
  /** Where something was redacted, e.g. `connection.headers.Authorization`, `messages[3].message.params.arguments.apiKey`. */
  redacted: string[];
}

/** Returns a redacted copy of a trace's connection and messages; the inputs are not changed. */
export function redactTrace<C, M>(connection: C, messages: M): RedactedTrace<C, M> {
  const redacted: string[] = [];
  const secrets = new Set<string>();
  const cleanConnection = redactConnection(connection, secrets, redacted);
  const scrub = (text: string): string => {
    let out = text;
    for (const secret of secrets) if (secret.length >= 6) out = out.split(secret).join(REDACTED);
    return out.replace(BEARER, `Bearer ${REDACTED}`).replace(SWITCHYARD_KEY, REDACTED);
  };
  const walk = (value: unknown, path: string): unknown => {
    if (typeof value === "string") {
      const out = scrub(value);
      if (out !== value) redacted.push(path);
      return out;
    }
    if (Array.isArray(value)) return value.map((item, i) => walk(item, `${path}[${i}]`));
    if (typeof value !== "object" || value === null) return value;
    const out: Record<string, unknown> = {};
    for (const [name, item] of Object.entries(value)) {
      const where = `${path}.${name}`;
      if (!PROTOCOL_FIELDS.has(name) && SECRET_FIELD.test(name) && (typeof item === "string" || typeof item === "number")) {
        out[name] = REDACTED;
        redacted.push(where);
      } else out[name] = walk(item, where);
    }
    return out;
  };
  return { connection: walk(cleanConnection, "connection") as C, messages: walk(messages, "messages") as M, redacted: [...new Set(redacted)] };
}

function redactConnection<C>(connection: C, secrets: Set<string>, redacted: string[]): C {
  if (typeof connection !== "object" || connection === null) return connection;
  const out = { ...(connection as Record<string, unknown>) };
  const headers = out.headers;
  if (typeof headers === "object" && headers !== null && !Array.isArray(headers)) {
    const clean: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(headers)) {
      if (SECRET_HEADER.test(name)) {
        clean[name] = REDACTED;
        redacted.push(`connection.headers.${name}`);
        if (typeof value === "string") {
          secrets.add(value);
          const token = /^\s*(?:bearer|basic|token)\s+(.+)$/i.exec(value)?.[1];
          if (token) secrets.add(token.trim());
        }
      } else clean[name] = value;
    }
    out.headers = clean;
  }
  if (typeof out.url === "string") {
    try {
      const url = new URL(out.url);
      if (url.username || url.password) {
        if (url.password) secrets.add(decodeURIComponent(url.password));
        url.username = url.username ? "redacted" : "";
        url.password = "";
        redacted.push("connection.url (user info)");
      }
      for (const [name, value] of [...url.searchParams]) {
        if (SECRET_HEADER.test(name)) {
          secrets.add(value);
          url.searchParams.set(name, REDACTED);
          redacted.push(`connection.url ?${name}`);
        }
      }
      out.url = url.href;
    } catch {
      // Not a URL: left as it is; the string pass below still removes known secrets.
    }
  }
  return out as C;
}
