import type { PromptView, SeenCall } from "./prompt-view.ts";
import type { ModelScript, ResultCondition, ScriptAction, ScriptJson, ScriptRule } from "./script.ts";

/** A script that cannot produce its answer (a template without a value): a model error. */
export class ScriptError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ScriptError";
  }
}

export interface Decision {
  /** The rule that fired, or undefined for the fallback. */
  rule: string | undefined;
  action: ScriptAction;
}

/** The first rule whose conditions hold, its templates filled in from the prompt. */
export function decide(script: ModelScript, view: PromptView): Decision {
  for (const rule of script.rules) {
    const captures = matchRule(rule, view);
    if (captures) return { rule: rule.id, action: fill(rule.then, view, captures, `${script.id}/${rule.id}`) };
  }
  return { rule: undefined, action: { say: fillText(script.fallback, view, [], `${script.id}/fallback`) } };
}

/** The user pattern's capture groups when every condition holds, else undefined. */
function matchRule(rule: ScriptRule, view: PromptView): string[] | undefined {
  const { when } = rule;
  let captures: string[] = [];
  if (when.user !== undefined) {
    const match = new RegExp(when.user, "i").exec(view.user);
    if (!match) return undefined;
    captures = [...match].map((group) => group ?? "");
  }
  const answered = new Set(view.turn.filter((call) => call.result).map((call) => call.tool));
  if (when.called?.some((tool) => !answered.has(tool))) return undefined;
  const seen = new Set(view.turn.map((call) => call.tool));
  if (when.notCalled?.some((tool) => seen.has(tool))) return undefined;
  for (const condition of when.results ?? []) {
    if (!resultHolds(condition, view)) return undefined;
  }
  return captures;
}

function resultHolds(condition: ResultCondition, view: PromptView): boolean {
  const call = latest(condition.scope === "conversation" ? view.all : view.turn, condition.tool);
  const result = call?.result;
  if (!result) return false;
  if (condition.isError !== undefined && result.isError !== condition.isError) return false;
  if (condition.denied !== undefined && result.denied !== condition.denied) return false;
  const value = condition.path === undefined ? result.value : valueAt(result.value, condition.path);
  if (condition.equals !== undefined && JSON.stringify(value) !== JSON.stringify(condition.equals)) return false;
  const text = typeof value === "string" ? value : JSON.stringify(value ?? null);
  if (condition.contains !== undefined && !text.toLowerCase().includes(condition.contains.toLowerCase())) return false;
  if (condition.matches !== undefined && !new RegExp(condition.matches, "i").test(text)) return false;
  return true;
}

function latest(calls: SeenCall[], tool: string): SeenCall | undefined {
  for (let i = calls.length - 1; i >= 0; i--) if (calls[i]!.tool === tool && calls[i]!.result) return calls[i];
  return undefined;
}

function valueAt(value: unknown, path: string): unknown {
  let current = value;
  for (const key of path.split(".")) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function fill(action: ScriptAction, view: PromptView, captures: string[], where: string): ScriptAction {
  if ("say" in action && !("call" in action)) return { say: fillText(action.say, view, captures, where) };
  if ("call" in action) {
    return {
      ...(action.say ? { say: fillText(action.say, view, captures, where) } : {}),
      call: action.call.map((call) => ({ tool: call.tool, args: fillArgs(call.args, view, captures, where) })),
    };
  }
  return action;
}

const TEMPLATE = /\{\{\s*([^}]+?)\s*\}\}/g;
const WHOLE_TEMPLATE = /^\{\{\s*([^}]+?)\s*\}\}$/;

function fillArgs(args: Record<string, ScriptJson>, view: PromptView, captures: string[], where: string): Record<string, ScriptJson> {
  const fillValue = (value: ScriptJson): ScriptJson => {
    if (typeof value === "string") {
      const whole = WHOLE_TEMPLATE.exec(value);
      if (whole) return lookup(whole[1]!, view, captures, where) as ScriptJson;
      return fillText(value, view, captures, where);
    }
    if (Array.isArray(value)) return value.map(fillValue);
    if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillValue(v as ScriptJson)]));
    return value;
  };
  return Object.fromEntries(Object.entries(args).map(([key, value]) => [key, fillValue(value)]));
}

function fillText(text: string, view: PromptView, captures: string[], where: string): string {
  return text.replace(TEMPLATE, (_whole, expression: string) => {
    const value = lookup(expression, view, captures, where);
    return typeof value === "string" ? value : JSON.stringify(value);
  });
}

function lookup(expression: string, view: PromptView, captures: string[], where: string): unknown {
  const [head, ...rest] = expression.split(".");
  if (head === "user") {
    if (rest.length === 0) return view.user;
    const group = captures[Number(rest[0])];
    if (group === undefined || group === "") throw new ScriptError(`script ${where}: {{${expression}}} has no value (the user pattern has no such group, or it matched nothing)`);
    return group;
  }
  if (head === "result" && rest.length > 0) {
    const [tool, ...path] = rest;
    const call = latest(view.turn, tool!) ?? latest(view.all, tool!);
    const value = call?.result && (path.length === 0 ? call.result.value : valueAt(call.result.value, path.join(".")));
    if (value === undefined || value === null) throw new ScriptError(`script ${where}: {{${expression}}} has no value (no result of ${tool} with that field in the conversation)`);
    return value;
  }
  throw new ScriptError(`script ${where}: unknown template {{${expression}}}; expected user, user.N or result.<tool>.<path>`);
}
