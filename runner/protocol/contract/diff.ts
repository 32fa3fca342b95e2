import { cosmeticChanges, type ChangeSite, type ContractChange } from "./change.ts";
import { matchByKey } from "./match-by-key.ts";
import { diffPrompt } from "./prompt-diff.ts";
import {
  normalizeSnapshot,
  type ContractResource,
  type ContractResourceTemplate,
  type ContractSnapshot,
  type RequiredVariable,
} from "./snapshot.ts";
import { diffTool } from "./tool-diff.ts";

export type { ChangeKind, ContractChange } from "./change.ts";

/** Every change from one published contract to the next, each classified breaking, compatible or cosmetic. */
export function diffContracts(previous: ContractSnapshot, next: ContractSnapshot): ContractChange[] {
  const before = normalizeSnapshot(previous);
  const after = normalizeSnapshot(next);
  return [
    ...diffCollection(before.tools, after.tools, { noun: "tool", section: "tools", keyOf: (tool) => tool.name, diffItem: diffTool }),
    ...diffCollection(before.prompts, after.prompts, {
      noun: "prompt",
      section: "prompts",
      keyOf: (prompt) => prompt.name,
      diffItem: diffPrompt,
    }),
    ...diffCollection(before.resources, after.resources, {
      noun: "resource",
      section: "resources",
      keyOf: (resource) => resource.uri,
      diffItem: diffResource,
    }),
    ...diffCollection(before.resourceTemplates, after.resourceTemplates, {
      noun: "resource template",
      section: "resourceTemplates",
      keyOf: (template) => template.uriTemplate,
      diffItem: diffResourceTemplate,
    }),
    ...diffRequiredEnvironment(before.requiredEnvironment, after.requiredEnvironment),
  ];
}

interface Collection<T> {
  noun: string;
  section: string;
  keyOf: (item: T) => string;
  diffItem: (previous: T, next: T, site: ChangeSite) => ContractChange[];
}

/** Removing something a client may use is breaking; adding one is compatible. */
function diffCollection<T>(previous: T[], next: T[], collection: Collection<T>): ContractChange[] {
  const { removed, added, kept } = matchByKey(previous, next, collection.keyOf);
  const siteOf = (item: T): ChangeSite => ({
    subject: `${collection.noun} "${collection.keyOf(item)}"`,
    path: `${collection.section}.${collection.keyOf(item)}`,
  });
  return [
    ...removed.map((item): ContractChange => ({ kind: "breaking", path: siteOf(item).path, message: `${siteOf(item).subject} was removed` })),
    ...added.map((item): ContractChange => ({ kind: "compatible", path: siteOf(item).path, message: `${siteOf(item).subject} was added` })),
    ...kept.flatMap(([before, after]) => collection.diffItem(before, after, siteOf(after))),
  ];
}

/** Clients read resources by URI, so a new name is cosmetic; a new MIME type changes how they parse it. */
function diffResource(previous: ContractResource, next: ContractResource, site: ChangeSite): ContractChange[] {
  const mimeType: ContractChange[] =
    previous.mimeType === next.mimeType
      ? []
      : [
          {
            kind: "breaking",
            path: `${site.path}.mimeType`,
            message: `${site.subject}: MIME type changed from ${previous.mimeType ?? "none"} to ${next.mimeType ?? "none"}`,
          },
        ];
  return [...mimeType, ...cosmeticChanges(previous, next, ["name", "description"], site)];
}

function diffResourceTemplate(previous: ContractResourceTemplate, next: ContractResourceTemplate, site: ChangeSite): ContractChange[] {
  return cosmeticChanges(previous, next, ["name", "description"], site);
}

/** Existing deployments do not set a variable that has just become required, so they would fail to start. */
function diffRequiredEnvironment(previous: RequiredVariable[], next: RequiredVariable[]): ContractChange[] {
  const { removed, added, kept } = matchByKey(previous, next, (variable) => variable.name);
  const pathOf = (variable: RequiredVariable) => `requiredEnvironment.${variable.name}`;
  const nounOf = (variable: RequiredVariable) => (variable.isSecret ? "secret" : "environment variable");
  return [
    ...added.map((variable): ContractChange => ({
      kind: "breaking",
      path: pathOf(variable),
      message: `new required ${nounOf(variable)} "${variable.name}"`,
    })),
    ...removed.map((variable): ContractChange => ({
      kind: "compatible",
      path: pathOf(variable),
      message: `${nounOf(variable)} "${variable.name}" is no longer required`,
    })),
    ...kept
      .filter(([before, after]) => before.isSecret !== after.isSecret)
      .map(([, after]): ContractChange => ({
        kind: "compatible",
        path: `${pathOf(after)}.isSecret`,
        message: `environment variable "${after.name}" is ${after.isSecret ? "now" : "no longer"} a secret`,
      })),
  ];
}
