import type { Db } from "../db/database.ts";
import { AppError } from "../errors.ts";
import { redactTrace } from "./redact.ts";

export interface TraceSummary {
  id: string;
  name: string;
  createdAt: Date;
}

export interface TraceView extends TraceSummary {
  connection: unknown;
  messages: unknown[];
}

/** Saves a session's timeline for a tenant, redacted first (see redact.ts for what goes); says where it redacted. */
export async function saveTrace(options: { db: Db; tenantId: string; name: string; connection: unknown; messages: unknown[] }): Promise<TraceSummary & { redacted: string[] }> {
  const { connection, messages, redacted } = redactTrace(options.connection, options.messages);
  const row = await options.db.trace.create({
    data: { tenantId: options.tenantId, name: options.name, connection: connection as object, messages: messages as object[] },
    select: { id: true, name: true, createdAt: true },
  });
  return { ...row, redacted };
}

export async function listTraces(options: { db: Db; tenantId: string }): Promise<TraceSummary[]> {
  return options.db.trace.findMany({ where: { tenantId: options.tenantId }, orderBy: { createdAt: "desc" }, take: 200, select: { id: true, name: true, createdAt: true } });
}

export async function getTrace(options: { db: Db; tenantId: string; id: string }): Promise<TraceView> {
  // Another tenant's trace reads as missing: its id says nothing about whether it exists.
  const row = await options.db.trace.findFirst({ where: { id: options.id, tenantId: options.tenantId } });
  if (!row) throw new AppError("NOT_FOUND", `no trace ${options.id} in this tenant; it may have been deleted`);
  return { id: row.id, name: row.name, createdAt: row.createdAt, connection: row.connection, messages: Array.isArray(row.messages) ? row.messages : [] };
}

export async function deleteTrace(options: { db: Db; tenantId: string; id: string }): Promise<{ id: string }> {
  const { count } = await options.db.trace.deleteMany({ where: { id: options.id, tenantId: options.tenantId } });
  if (!count) throw new AppError("NOT_FOUND", `no trace ${options.id} in this tenant; it may have been deleted`);
  return { id: options.id };
}
