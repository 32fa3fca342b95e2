import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";

export interface TestRegistry {
  /** Pass to npm as --registry (or SWITCHYARD_NPM_REGISTRY). */
  url: string;
  /** Packs `dir` with `npm pack` and serves it as its package.json's name and version. */
  publish(dir: string): void;
  close(): Promise<void>;
}

interface Published {
  manifest: Record<string, unknown>;
  file: string;
  tarball: Buffer;
}

/**
 * A small npm registry on loopback for tests: the packument and tarball endpoints `npm install`
 * uses, so a component is installed by real npm exactly as from registry.npmjs.org.
 */
export async function startTestRegistry(): Promise<TestRegistry> {
  const packages = new Map<string, Map<string, Published>>();
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "sy-test-registry-"));
  let url = "";
  const server = http.createServer((req, res) => {
    const requested = decodeURIComponent((req.url ?? "/").split("?")[0]!.slice(1));
    const tarball = /^-\/(.+\.tgz)$/.exec(requested);
    if (tarball) {
      const found = [...packages.values()].flatMap((versions) => [...versions.values()]).find((p) => p.file === tarball[1]);
      if (!found) return void res.writeHead(404).end();
      return void res.writeHead(200, { "content-type": "application/octet-stream" }).end(found.tarball);
    }
    const versions = packages.get(requested);
    if (!versions) return void res.writeHead(404, { "content-type": "application/json" }).end('{"error":"Not found"}');
    const entries = [...versions.values()];
    const body = {
      name: requested,
      "dist-tags": { latest: entries.at(-1)!.manifest.version },
      versions: Object.fromEntries(
        entries.map((p) => [
          p.manifest.version,
          {
            ...p.manifest,
            dist: {
              tarball: `${url}/-/${p.file}`,
              shasum: createHash("sha1").update(p.tarball).digest("hex"),
              integrity: `sha512-${createHash("sha512").update(p.tarball).digest("base64")}`,
            },
          },
        ]),
      ),
    };
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    publish(dir) {
      const file = execFileSync("npm", ["pack", "--silent", "--pack-destination", workDir], { cwd: dir, encoding: "utf8" }).trim().split("\n").at(-1)!;
      const manifest = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as Record<string, unknown>;
      const name = manifest.name as string;
      if (!packages.has(name)) packages.set(name, new Map());
      packages.get(name)!.set(manifest.version as string, { manifest, file, tarball: fs.readFileSync(path.join(workDir, file)) });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      fs.rmSync(workDir, { recursive: true, force: true });
    },
  };
}
