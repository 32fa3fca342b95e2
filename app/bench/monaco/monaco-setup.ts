"use client";
import { loader } from "@monaco-editor/react";
import * as monaco from "monaco-editor";

/**
 * Monaco from our own bundle: the default loader fetches it from a CDN, which a closed network
 * (and a careful user) does not reach. Workers are bundled too, as module workers.
 */
self.MonacoEnvironment = {
  getWorker(_workerId: string, label: string): Worker {
    if (label === "json") return new Worker(new URL("monaco-editor/language/json/json.worker.js", import.meta.url), { type: "module" });
    return new Worker(new URL("monaco-editor/editor/editor.worker.js", import.meta.url), { type: "module" });
  },
};

loader.config({ monaco });

export { monaco };
