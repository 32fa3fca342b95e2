/**
 * Local errors that stop a command before it does anything: configuration, unreachable
 * services, a busy port or data dir. Their message is one line meant for the person at the
 * terminal; the CLI prints it without a stack trace.
 */
export class StartupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "StartupError";
  }
}

/** Errors that domain services raise for callers (tRPC maps `code` to a status). */
export type AppErrorCode = "NOT_FOUND" | "BAD_REQUEST" | "CONFLICT" | "FORBIDDEN" | "UNAUTHORIZED";

export class AppError extends Error {
  /** Structured detail for callers that act on it (e.g. each invalid field of a manifest). */
  readonly details: Record<string, unknown> | undefined;

  constructor(
    readonly code: AppErrorCode,
    message: string,
    options?: { cause?: unknown; details?: Record<string, unknown> },
  ) {
    super(message, options);
    this.name = "AppError";
    this.details = options?.details;
  }
}

/** `postgresql://user:secret@host/db` → `postgresql://user:***@host/db`, for messages and logs. */
export function maskUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return url.replace(/\/\/([^:/@]+):[^@/]+@/, "//$1:***@");
  }
}
