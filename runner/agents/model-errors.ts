import { APICallError, RetryError } from "ai";

/**
 * Retries of a model call that failed transiently (HTTP 429 or 5xx, a dropped connection), 2 s
 * after the failure: one, since more would spend the turn's time budget waiting.
 */
export const MODEL_RETRIES = 1;

/**
 * One line saying what went wrong with a model call, and what to do: an endpoint that is down,
 * refuses the key, or answers something else than the chat-completions API. Never includes the
 * key (request headers are not part of it).
 */
export function describeModelError(error: unknown): string {
  const last = RetryError.isInstance(error) ? error.lastError : error;
  if (APICallError.isInstance(last)) {
    const endpoint = safeUrl(last.url);
    if (last.statusCode === 401 || last.statusCode === 403) {
      return `the model endpoint ${endpoint} refused the API key (HTTP ${last.statusCode}); check the key stored for this endpoint`;
    }
    if (last.statusCode === 404) return `the model endpoint ${endpoint} answered 404: check the endpoint's base URL and the model id`;
    if (last.statusCode !== undefined) return `the model endpoint ${endpoint} answered HTTP ${last.statusCode}: ${oneLine(last.responseBody ?? last.message)}`;
    const cause = (last.cause as { code?: string; message?: string } | undefined) ?? {};
    return `the model endpoint ${endpoint} is unreachable (${cause.code ?? oneLine(cause.message ?? last.message)}); check its base URL and that it is running`;
  }
  return oneLine(last instanceof Error ? last.message : String(last));
}

function safeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = "";
    parsed.password = "";
    parsed.search = "";
    return parsed.toString();
  } catch {
    return "(invalid URL)";
  }
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim().slice(0, 300);
}
