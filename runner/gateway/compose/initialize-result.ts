import { LATEST_SESSION_PROTOCOL_VERSION } from "../../protocol/mcp-versions.ts";
import type { CompositeMember } from "./composite-upstream.ts";

/**
 * The composite's answer to initialize: its own name, and the capabilities its members have
 * between them that it routes (tools always; prompts, resources, logging and completions when
 * a member has them).
 */
export function compositeInitializeResult(name: string, members: readonly CompositeMember[]): Record<string, unknown> {
  const capabilities = members.map((m) => (m.handle?.initializeResult?.capabilities ?? {}) as Record<string, Record<string, unknown> | undefined>);
  const some = (key: string, flag?: string) => capabilities.some((c) => c[key] !== undefined && (flag === undefined || c[key]?.[flag] === true));
  const flags = (key: string, names: string[]) => Object.fromEntries(names.filter((flag) => some(key, flag)).map((flag) => [flag, true]));
  const result: Record<string, unknown> = { tools: flags("tools", ["listChanged"]) };
  if (some("prompts")) result.prompts = flags("prompts", ["listChanged"]);
  if (some("resources")) result.resources = flags("resources", ["subscribe", "listChanged"]);
  if (some("logging")) result.logging = {};
  if (some("completions")) result.completions = {};
  const instructions = members
    .map((m) => ({ m, text: m.handle?.initializeResult?.instructions }))
    .filter((entry): entry is { m: CompositeMember; text: string } => typeof entry.text === "string" && entry.text.trim() !== "")
    .map(({ m, text }) => `${m.spec.prefix ? `Tools named ${m.spec.prefix}… come from ${m.spec.deployment}` : `From ${m.spec.deployment}`}:\n${text.trim()}`);
  const deployments = [...new Set(members.map((m) => m.spec.deployment))].join(", ");
  return {
    protocolVersion: LATEST_SESSION_PROTOCOL_VERSION,
    capabilities: result,
    serverInfo: { name, title: `${name} (composite of ${deployments})`, version: "1.0.0" },
    ...(instructions.length > 0 ? { instructions: instructions.join("\n\n") } : {}),
  };
}
