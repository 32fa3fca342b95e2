import { AppError } from "../errors.ts";
import { currentRuntime } from "../runtime-registry.ts";
import { getVersion, listServers, listVersions } from "./registry-read.ts";
import { parseListQuery } from "./read-query.ts";

/**
 * The `/v0.1` read API as fetch handlers, mounted by app/v0.1/. Public and read-only like the
 * official registry: no console session, no API key. Errors use the spec's `{ error }` body.
 */
type Params<T> = { params: Promise<T> };

export function listServersRoute(request: Request): Promise<Response> {
  return respond(() => listServers(currentRuntime().database.prisma, parseListQuery(new URL(request.url).searchParams)));
}

export function listVersionsRoute(_request: Request, { params }: Params<{ name: string }>): Promise<Response> {
  return respond(async () => listVersions(currentRuntime().database.prisma, serverName((await params).name)));
}

export function getVersionRoute(_request: Request, { params }: Params<{ name: string; version: string }>): Promise<Response> {
  return respond(async () => {
    const { name, version } = await params;
    return getVersion(currentRuntime().database.prisma, serverName(name), version);
  });
}

/**
 * Next decodes the segment (`io.github.x%2Fy` → `io.github.x/y`); a proxy that encoded it twice
 * leaves `%2F` behind. A server name never contains `%`, so decoding what remains is safe.
 */
function serverName(segment: string): string {
  if (!segment.includes("%")) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

const STATUS_OF: Partial<Record<AppError["code"], number>> = { BAD_REQUEST: 400, NOT_FOUND: 404 };

async function respond(read: () => Promise<unknown>): Promise<Response> {
  try {
    return Response.json(await read());
  } catch (error) {
    if (!(error instanceof AppError) || !STATUS_OF[error.code]) throw error;
    return Response.json({ error: error.message }, { status: STATUS_OF[error.code] });
  }
}
