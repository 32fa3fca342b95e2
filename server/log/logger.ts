import pino, { type Logger } from "pino";

/**
 * Paths that may carry secrets anywhere we log: API keys, Authorization headers, session tokens
 * and the environment handed to stdio servers.
 */
export const REDACT_PATHS = [
  "key",
  "apiKey",
  "secret",
  "secrets",
  "token",
  "password",
  "authorization",
  "headers.authorization",
  "req.headers.authorization",
  "req.headers.cookie",
  "*.key",
  "*.apiKey",
  "*.secret",
  "*.secrets",
  "*.token",
  "*.password",
  "*.authorization",
  "env",
  "*.env",
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: "switchyard" },
      redact: { paths: REDACT_PATHS, censor: "[redacted]" },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}

export type { Logger };
