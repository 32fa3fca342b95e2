import type { TransportKind } from "../session/connection-spec.ts";

/** A connection as it can be written out: a URL with its headers, or a local command with its environment's names. */
export type ExportSource =
  | { kind: "url"; name: string; url: string; transport: TransportKind; headers: Record<string, string> }
  | { kind: "stdio"; name: string; command: string; args: string[]; envNames: string[]; cwd?: string };

interface PromptInput {
  type: "promptString";
  id: string;
  description: string;
  password: true;
}

const TYPE: Record<TransportKind, string> = { "streamable-http": "http", sse: "sse", websocket: "ws" };

/**
 * mcp.json in VS Code's shape (`servers` and `inputs`). No secret is written: every header value
 * and every environment value becomes a `${input:…}` placeholder with a password prompt (VS Code
 * asks for it on first use; Claude Desktop and Cursor need it filled in by hand). A bearer
 * token keeps its "Bearer " prefix.
 */
export function exportMcpJson(source: ExportSource): string {
  const name = serverName(source.name);
  const inputs: PromptInput[] = [];
  const prompt = (what: string, description: string) => {
    const id = `${name}-${what.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;
    inputs.push({ type: "promptString", id, description, password: true });
    return `\${input:${id}}`;
  };
  let server: Record<string, unknown>;
  if (source.kind === "url") {
    const headers = Object.fromEntries(
      Object.entries(source.headers).map(([header, value]) => {
        const bearer = header.toLowerCase() === "authorization" && /^bearer\s/i.test(value);
        const placeholder = prompt(header, `${header} header for ${source.name}`);
        return [header, bearer ? `Bearer ${placeholder}` : placeholder];
      }),
    );
    server = { type: TYPE[source.transport], url: source.url, ...(Object.keys(headers).length > 0 ? { headers } : {}) };
  } else {
    const env = Object.fromEntries(source.envNames.map((variable) => [variable, prompt(variable, `${variable} for ${source.name}`)]));
    server = { type: "stdio", command: source.command, args: source.args, ...(Object.keys(env).length > 0 ? { env } : {}), ...(source.cwd ? { cwd: source.cwd } : {}) };
  }
  return `${JSON.stringify({ ...(inputs.length > 0 ? { inputs } : {}), servers: { [name]: server } }, null, 2)}\n`;
}

/** A server key clients accept: letters, digits, '-' and '_'. */
function serverName(label: string): string {
  return label.toLowerCase().replace(/^[a-z]+:\/\//, "").replace(/[^a-z0-9_-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 48) || "server";
}
