import type { Prisma } from "../db/generated/client.ts";
import type { Db } from "../db/database.ts";
import { AppError } from "../errors.ts";
import { encodeCursor } from "./list-cursor.ts";
import type { ServerList, ServerResponse } from "./official-shapes.ts";
import type { ListQuery } from "./read-query.ts";
import { toServerResponse } from "./server-response.ts";

export const LATEST = "latest";

/** Oldest first within a server; ties (same millisecond) broken by id so pages never overlap. */
const LIST_ORDER: Prisma.ComponentVersionOrderByWithRelationInput[] = [{ component: { name: "asc" } }, { publishedAt: "asc" }, { id: "asc" }];
const NEWEST_FIRST: Prisma.ComponentVersionOrderByWithRelationInput[] = [{ publishedAt: "desc" }, { id: "desc" }];

/** Every version of every server, by name then publish time, a page at a time. */
export async function listServers(db: Db, query: ListQuery): Promise<ServerList> {
  const nameFilter: Prisma.ComponentWhereInput = query.search ? { name: { contains: likeLiteral(query.search), mode: "insensitive" } } : {};
  const where: Prisma.ComponentVersionWhereInput[] = [{ component: nameFilter }];
  if (query.updatedSince) where.push({ publishedAt: { gt: query.updatedSince } });
  if (query.version === LATEST) where.push({ id: { in: await latestVersionIds(db, { component: nameFilter }) } });
  else if (query.version) where.push({ version: query.version });
  if (query.after) {
    const { name, publishedAt, id } = query.after;
    where.push({
      OR: [
        { component: { name: { gt: name } } },
        { component: { name }, publishedAt: { gt: publishedAt } },
        { component: { name }, publishedAt, id: { gt: id } },
      ],
    });
  }
  // One row past the page tells whether another page follows.
  const rows = await db.componentVersion.findMany({
    where: { AND: where },
    orderBy: LIST_ORDER,
    take: query.limit + 1,
    include: { component: { select: { name: true } } },
  });
  const page = rows.slice(0, query.limit);
  const latest = new Set(await latestVersionIds(db, { componentId: { in: [...new Set(page.map((row) => row.componentId))] } }));
  const last = page.at(-1);
  return {
    servers: page.map((row) => toServerResponse(row, latest.has(row.id))),
    metadata: {
      count: page.length,
      ...(rows.length > query.limit && last ? { nextCursor: encodeCursor({ name: last.component.name, publishedAt: last.publishedAt, id: last.id }) } : {}),
    },
  };
}

/** All versions of one server, newest first (as the spec orders them). */
export async function listVersions(db: Db, name: string): Promise<ServerList> {
  const rows = await db.componentVersion.findMany({ where: { component: { name } }, orderBy: NEWEST_FIRST });
  if (rows.length === 0) throw new AppError("NOT_FOUND", `Server not found: ${name}`);
  return { servers: rows.map((row, index) => toServerResponse(row, index === 0)), metadata: { count: rows.length } };
}

/** One version of a server, or its newest with `latest`. */
export async function getVersion(db: Db, name: string, version: string): Promise<ServerResponse> {
  const [newest, wanted] = await Promise.all([
    db.componentVersion.findFirst({ where: { component: { name } }, orderBy: NEWEST_FIRST }),
    version === LATEST ? undefined : db.componentVersion.findFirst({ where: { component: { name }, version } }),
  ]);
  if (!newest) throw new AppError("NOT_FOUND", `Server not found: ${name}`);
  const row = version === LATEST ? newest : wanted;
  if (!row) throw new AppError("NOT_FOUND", `Server version not found: ${name} ${version}`);
  return toServerResponse(row, row.id === newest.id);
}

/** Prisma passes `contains` to (I)LIKE as is: escape its wildcards so `_` matches only `_`. */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, "\\$&");
}

/** The newest version of each matching server. */
async function latestVersionIds(db: Db, where: Prisma.ComponentVersionWhereInput): Promise<string[]> {
  const rows = await db.componentVersion.findMany({
    where,
    orderBy: [{ componentId: "asc" }, ...NEWEST_FIRST],
    distinct: ["componentId"],
    select: { id: true },
  });
  return rows.map((row) => row.id);
}
