import { cosmeticChanges, type ChangeSite, type ContractChange } from "./change.ts";
import { matchByKey } from "./match-by-key.ts";
import type { ContractPrompt } from "./snapshot.ts";

type PromptArgument = ContractPrompt["arguments"][number];

export function diffPrompt(previous: ContractPrompt, next: ContractPrompt, site: ChangeSite): ContractChange[] {
  const { removed, added, kept } = matchByKey(previous.arguments, next.arguments, (argument) => argument.name);
  const pathOf = (argument: PromptArgument) => `${site.path}.arguments.${argument.name}`;
  return [
    ...cosmeticChanges(previous, next, ["description"], site),
    ...removed.map((argument): ContractChange => ({
      kind: "breaking",
      path: pathOf(argument),
      message: `${site.subject}: argument "${argument.name}" was removed`,
    })),
    ...added.map((argument): ContractChange => ({
      kind: argument.required === true ? "breaking" : "compatible",
      path: pathOf(argument),
      message: `${site.subject}: new ${argument.required === true ? "required" : "optional"} argument "${argument.name}"`,
    })),
    ...kept.flatMap(([before, after]) =>
      diffArgument(before, after, { subject: `${site.subject}: argument "${after.name}"`, path: pathOf(after) }),
    ),
  ];
}

function diffArgument(previous: PromptArgument, next: PromptArgument, site: ChangeSite): ContractChange[] {
  const wasRequired = previous.required === true;
  const isRequired = next.required === true;
  const requirement: ContractChange[] =
    wasRequired === isRequired
      ? []
      : [
          isRequired
            ? { kind: "breaking", path: site.path, message: `${site.subject} is now required` }
            : { kind: "compatible", path: site.path, message: `${site.subject} is now optional` },
        ];
  return [...requirement, ...cosmeticChanges(previous, next, ["description"], site)];
}
