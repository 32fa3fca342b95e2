import { z } from "zod";
import { AppError } from "../errors.ts";
import { type ListPosition, decodeCursor } from "./list-cursor.ts";

export const DEFAULT_LIMIT = 30;
export const MAX_LIMIT = 100;

const limitMessage = `expected a whole number from 1 to ${MAX_LIMIT}, e.g. ${DEFAULT_LIMIT}`;

/** The query of `GET /v0.1/servers`; parameters the official registry has and we do not (include_deleted) are ignored. */
const listQuerySchema = z.object({
  cursor: z
    .string()
    .transform((value, ctx): ListPosition => {
      const position = decodeCursor(value);
      if (!position) ctx.issues.push({ code: "custom", input: value, message: "expected the metadata.nextCursor of a previous page, unchanged" });
      return position ?? { name: "", publishedAt: new Date(0), id: "" };
    })
    .optional(),
  limit: z.coerce
    .number({ error: limitMessage })
    .int({ error: limitMessage })
    .min(1, { error: limitMessage })
    .max(MAX_LIMIT, { error: limitMessage })
    .default(DEFAULT_LIMIT),
  search: z.string().max(200, { error: "expected at most 200 characters of a server name" }).optional(),
  updated_since: z.iso
    .datetime({ offset: true, error: "expected an RFC 3339 date-time, e.g. 2025-08-07T13:15:04.280Z" })
    .transform((value) => new Date(value))
    .optional(),
  version: z.string().min(1, { error: 'expected "latest" or an exact version, e.g. 1.2.3' }).max(255).optional(),
});

export interface ListQuery {
  after: ListPosition | undefined;
  limit: number;
  search: string | undefined;
  updatedSince: Date | undefined;
  /** "latest", or one exact version. */
  version: string | undefined;
}

/** Bad values become one BAD_REQUEST naming the parameter and what it expects. */
export function parseListQuery(params: URLSearchParams): ListQuery {
  const parsed = listQuerySchema.safeParse(Object.fromEntries(params));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError("BAD_REQUEST", `${issue.path.join(".")}: ${issue.message}`);
  }
  const { cursor, limit, search, updated_since, version } = parsed.data;
  return { after: cursor, limit, search, updatedSince: updated_since, version };
}
