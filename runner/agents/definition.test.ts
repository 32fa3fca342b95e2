import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { agentDefinitionSchema, modelsOf } from "./definition.ts";

const minimal = {
  id: "support-bot",
  version: "1.0.0",
  instructions: "Help customers.",
  model: { provider: "scripted", script: "customer-service" },
  deployments: ["customer-service"],
};

/** Every problem as "path: message", the way the API reports them. */
function problems(input: unknown): string[] {
  try {
    agentDefinitionSchema.parse(input);
    return [];
  } catch (error) {
    if (!(error instanceof ZodError)) throw error;
    return error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
  }
}

describe("agent definitions", () => {
  it("fills in the defaults: budgets, the scripted model's window", () => {
    expect(agentDefinitionSchema.parse(minimal)).toEqual({
      ...minimal,
      model: { provider: "scripted", script: "customer-service", contextWindow: 16_384, maxOutputTokens: 1_024 },
      budgets: { maxSteps: 8, maxSeconds: 120, maxTokens: 60_000 },
    });
  });

  it("takes an OpenAI-compatible model by endpoint name, and roles with models of their own", () => {
    const parsed = agentDefinitionSchema.parse({
      ...minimal,
      model: { provider: "openai-compatible", endpoint: "my-openai", model: "gpt-4o-mini", temperature: 0.2 },
      roles: {
        planner: { model: { provider: "scripted", script: "planner" }, instructions: "Plan." },
        reviewer: { model: { provider: "openai-compatible", endpoint: "local", model: "llama3", contextWindow: 8_192 } },
      },
      budgets: { maxSteps: 3 },
    });
    expect(parsed.model).toEqual({ provider: "openai-compatible", endpoint: "my-openai", model: "gpt-4o-mini", temperature: 0.2, contextWindow: 32_768, maxOutputTokens: 1_024 });
    expect(parsed.budgets).toEqual({ maxSteps: 3, maxSeconds: 120, maxTokens: 60_000 });
    expect(modelsOf(parsed).map((m) => [m.role, m.model.provider])).toEqual([
      ["planner", "scripted"],
      ["executor", "openai-compatible"],
      ["reviewer", "openai-compatible"],
    ]);
  });

  it("names each bad field and says what it expects", () => {
    expect(problems({ ...minimal, id: "Support Bot" })).toEqual(["id: expected a lowercase id of letters, digits and '-', e.g. support-bot"]);
    expect(problems({ ...minimal, version: "1.0" })).toEqual(["version: expected a semantic version, e.g. 1.0.0"]);
    expect(problems({ ...minimal, instructions: "   " })).toEqual(["instructions: expected instructions for the agent"]);
    expect(problems({ ...minimal, deployments: [] })).toEqual(["deployments: expected at least one deployment whose tools the agent may use"]);
    expect(problems({ ...minimal, deployments: ["a", "a"] })).toEqual(["deployments: each deployment may appear once"]);
    expect(problems({ ...minimal, deployments: ["../etc"] })).toEqual(["deployments.0: expected a deployment name, e.g. customer-service"]);
    expect(problems({ ...minimal, model: { provider: "gpt" } })).toEqual(['model.provider: expected a model with provider "scripted" or "openai-compatible"']);
    expect(problems({ ...minimal, model: { provider: "openai-compatible", endpoint: "x", model: " " } })).toEqual(["model.model: expected the model's id at that endpoint, e.g. gpt-4o-mini"]);
    expect(problems({ ...minimal, model: { ...minimal.model, contextWindow: 100 } })).toEqual(["model.contextWindow: expected at least 512 tokens"]);
    expect(problems({ ...minimal, budgets: { maxSteps: 0 } })).toHaveLength(1);
    expect(problems({ ...minimal, budgets: { maxSteps: 0 } })[0]).toMatch(/^budgets\.maxSteps: /);
  });

  it("refuses fields it does not know, so a typo is not silently ignored", () => {
    expect(problems({ ...minimal, budget: { maxSteps: 2 } })[0]).toMatch(/^: Unrecognized key: "budget"/);
    expect(problems({ ...minimal, model: { ...minimal.model, apiKey: "sk-…" } })[0]).toMatch(/^model: Unrecognized key: "apiKey"/);
    expect(problems({ ...minimal, roles: { critic: { model: minimal.model } } })[0]).toMatch(/^roles: Unrecognized key: "critic"/);
  });
});
