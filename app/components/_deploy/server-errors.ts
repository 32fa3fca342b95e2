/**
 * Field errors from a failed tRPC call, keyed like the input (`name`, `values.API_KEY`): zod
 * errors carry them in `data.fieldErrors`, domain errors in `data.details.fieldErrors` (and the
 * server's formatter copies those to `data.fieldErrors` too).
 */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  const data = (error as { data?: { fieldErrors?: unknown; details?: { fieldErrors?: unknown } } } | null | undefined)?.data;
  return { ...asRecord(data?.details?.fieldErrors), ...asRecord(data?.fieldErrors) };
}

function asRecord(value: unknown): Record<string, string> {
  if (!value || typeof value !== "object") return {};
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
}
