import type { FetchLike } from "@modelcontextprotocol/sdk/shared/transport.js";
import { ProxyStepError } from "../session/tunnel-fetch.ts";
import type { StepHandle } from "./flow-log.ts";
import { redactBody, redactHeaders, redactUrl } from "./redact.ts";

/** Characters of a body kept for the step view. */
const BODY_CHARS = 4000;

/** A fetch that files each request and its reply, redacted, under the step that is running. */
export function recordingFetch(inner: FetchLike, step: () => StepHandle | undefined): FetchLike {
  return async (url, init) => {
    const headers = Object.fromEntries(new Headers(init?.headers).entries());
    const sent = {
      method: (init?.method ?? "GET").toUpperCase(),
      url: redactUrl(String(url)),
      requestHeaders: redactHeaders(headers),
      ...(typeof init?.body === "string" || init?.body instanceof URLSearchParams ? { requestBody: redactBody(String(init.body), headers["content-type"]).slice(0, BODY_CHARS) } : {}),
    };
    let response: Response;
    try {
      response = await inner(url, init);
    } catch (error) {
      const failure = error instanceof ProxyStepError ? `${error.failure.message} (${error.failure.step})` : error instanceof Error ? error.message : String(error);
      step()?.http({ ...sent, failure });
      throw error;
    }
    const text = await response.clone().text().catch(() => "");
    step()?.http({ ...sent, status: response.status, responseBody: redactBody(text, response.headers.get("content-type")).slice(0, BODY_CHARS) });
    return response;
  };
}
