import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ComponentStore, installedPackageDir } from "./component-store.ts";

const projectRoot = path.resolve(import.meta.dirname, "../..");
const root = fs.mkdtempSync(path.join(os.tmpdir(), "sy-store-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe("ComponentStore", () => {
  const store = new ComponentStore(root, projectRoot);

  it("uses a package the project already has at the wanted version", async () => {
    const version = JSON.parse(fs.readFileSync(path.join(projectRoot, "node_modules/@modelcontextprotocol/server-everything/package.json"), "utf8")).version;
    await expect(store.ensure("@modelcontextprotocol/server-everything", version)).resolves.toBe(projectRoot);
    await expect(store.ensure("@modelcontextprotocol/server-everything", undefined)).resolves.toBe(projectRoot);
    expect(fs.readdirSync(root)).toEqual([]);
  });

  it("uses a workspace package of the project where npm linked it", async () => {
    const linked = path.join(projectRoot, "node_modules/@switchyard/case-customer-service");
    expect(fs.lstatSync(linked).isSymbolicLink()).toBe(true);
    await expect(store.ensure("@switchyard/case-customer-service", "1.0.0")).resolves.toBe(projectRoot);
    expect(installedPackageDir(projectRoot, "@switchyard/case-customer-service")).toBe(path.join(projectRoot, "cases/customer-service/server"));
    expect(fs.readdirSync(root)).toEqual([]);
  });

  it("never uses a link that leads out of the project, or a package of a parent directory", () => {
    const project = fs.mkdtempSync(path.join(os.tmpdir(), "sy-store-project-"));
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), "sy-store-outside-"));
    try {
      fs.writeFileSync(path.join(outside, "package.json"), JSON.stringify({ name: "elsewhere", version: "1.0.0" }));
      fs.mkdirSync(path.join(project, "node_modules"), { recursive: true });
      fs.symlinkSync(outside, path.join(project, "node_modules/elsewhere"));
      expect(installedPackageDir(project, "elsewhere")).toBeUndefined();
      const nested = path.join(project, "inner");
      fs.mkdirSync(nested);
      fs.mkdirSync(path.join(project, "node_modules/parent-only"));
      fs.writeFileSync(path.join(project, "node_modules/parent-only/package.json"), JSON.stringify({ name: "parent-only", version: "1.0.0" }));
      expect(installedPackageDir(project, "parent-only")).toBe(path.join(fs.realpathSync(project), "node_modules/parent-only"));
      expect(installedPackageDir(nested, "parent-only")).toBeUndefined();
    } finally {
      fs.rmSync(project, { recursive: true, force: true });
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it("installs another package once from the npm registry, without running its scripts", { timeout: 120_000 }, async () => {
    const [first, second] = await Promise.all([store.ensure("is-number", "7.0.0"), store.ensure("is-number", "7.0.0")]);
    expect(first).toBe(path.join(root, "is-number_7.0.0"));
    expect(second).toBe(first);
    const installed = JSON.parse(fs.readFileSync(path.join(first, "node_modules/is-number/package.json"), "utf8"));
    expect(installed.version).toBe("7.0.0");
    const stamp = fs.statSync(path.join(first, "node_modules")).mtimeMs;
    await expect(store.ensure("is-number", "7.0.0")).resolves.toBe(first);
    expect(fs.statSync(path.join(first, "node_modules")).mtimeMs).toBe(stamp);
    expect(fs.readdirSync(root).filter((name) => name.includes(".installing"))).toEqual([]);
  });

  it("says clearly when a package does not exist, and leaves nothing behind", { timeout: 120_000 }, async () => {
    await expect(store.ensure("@switchyard-test-nonexistent/no-such-package", "1.0.0")).rejects.toThrow(
      /^could not install @switchyard-test-nonexistent\/no-such-package@1\.0\.0 from the npm registry: /,
    );
    expect(fs.readdirSync(root).filter((name) => name.includes("no-such-package"))).toEqual([]);
  });

  it("refuses a name that is not an npm package name", async () => {
    await expect(store.ensure("../../etc", "1.0.0")).rejects.toThrow('"../../etc" is not a valid npm package name');
    await expect(store.ensure("a b", undefined)).rejects.toThrow("is not a valid npm package name");
  });
});
