import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { z } from "zod";

/** What a requestState token binds: who may retry, what, which parked call and round, until when. */
const claimsSchema = z.object({
  keyId: z.string(),
  deploymentId: z.string(),
  method: z.string(),
  /** SHA-256 of the request's salient params, so a retry cannot swap the tool or its arguments. */
  digest: z.string(),
  parkId: z.string(),
  /** Each input_required round has its own number: a token works once. */
  round: z.number().int(),
  expiresAt: z.number(),
});

export type RequestStateClaims = z.infer<typeof claimsSchema>;

export type Opened = { ok: true; claims: RequestStateClaims } | { ok: false; message: string };

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Seals and opens requestState tokens with AES-256-GCM under a key of this gateway's own: the
 * client echoes them, and the spec says to treat what it echoes as attacker-controlled.
 */
export class RequestStateSealer {
  private readonly secret = randomBytes(32);

  constructor(private readonly now: () => number = Date.now) {}

  seal(claims: RequestStateClaims): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv("aes-256-gcm", this.secret, iv);
    const sealed = Buffer.concat([cipher.update(JSON.stringify(claims), "utf8"), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString("base64url");
  }

  /** The claims of a token this gateway sealed for this key, deployment, method and params; or why not. */
  open(token: string, expected: Pick<RequestStateClaims, "keyId" | "deploymentId" | "method" | "digest">): Opened {
    const claims = this.unseal(token);
    if (!claims) return { ok: false, message: "params.requestState is not a state this gateway issued (altered, or from another gateway): send the request again without requestState and inputResponses" };
    if (claims.expiresAt <= this.now()) return { ok: false, message: "params.requestState has expired: send the request again without requestState and inputResponses" };
    if (claims.keyId !== expected.keyId) return { ok: false, message: "params.requestState was issued to another API key" };
    if (claims.deploymentId !== expected.deploymentId || claims.method !== expected.method || claims.digest !== expected.digest) {
      return { ok: false, message: "params.requestState belongs to another request: a retry repeats the original method and params unchanged" };
    }
    return { ok: true, claims };
  }

  private unseal(token: string): RequestStateClaims | undefined {
    const bytes = Buffer.from(token, "base64url");
    if (bytes.length <= IV_BYTES + TAG_BYTES) return undefined;
    try {
      const decipher = createDecipheriv("aes-256-gcm", this.secret, bytes.subarray(0, IV_BYTES));
      decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      const plain = Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
      const parsed = claimsSchema.safeParse(JSON.parse(plain));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }
}

/** SHA-256 of what makes a request that request: the tool or prompt and its arguments, or the URI. */
export function salientDigest(method: string, params: Record<string, unknown>): string {
  const salient = method === "resources/read" ? { uri: params.uri } : { name: params.name, arguments: params.arguments ?? {} };
  return createHash("sha256").update(stableJson(salient)).digest("base64url");
}

/** JSON with object keys sorted, so the same value always gives the same text. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, v]) => `${JSON.stringify(key)}:${stableJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}
