/** What every case of the gallery ships beside its code: docs with a diagram, a golden transcript per scenario, a valid manifest. */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CASES } from "../../cases/index.ts";
import { checkManifest } from "../registry/manifest-schema.ts";
import { suiteOf } from "./case-catalog.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");

describe.each(CASES.map((c) => [c.id, c] as const))("the %s case", (_id, c) => {
  it("has a docs page with an architecture diagram", () => {
    const docs = fs.readFileSync(path.join(ROOT, c.docs), "utf8");
    expect(docs).toMatch(/^# Case: /);
    expect(docs).toContain("```mermaid\nflowchart");
  });

  it("has a golden transcript for each scenario, of the case's agent", () => {
    for (const scenario of suiteOf(c).cases) {
      const file = path.join(ROOT, c.goldenDir, `${scenario.id}.json`);
      expect(fs.existsSync(file), file).toBe(true);
      expect(JSON.parse(fs.readFileSync(file, "utf8")).agent).toEqual({ id: c.agent.id, version: c.agent.version });
    }
  });

  it("publishes manifests the catalog accepts", () => {
    for (const deployment of c.deployments) {
      const check = checkManifest(deployment.manifest(ROOT));
      expect(check.ok ? [] : check.errors).toEqual([]);
    }
  });
});
