"use client";
import Editor, { type OnMount } from "@monaco-editor/react";
import { useEffect, useId, useRef } from "react";
import { monaco } from "./monaco-setup.ts";

export interface JsonEditorProps {
  value: string;
  onChange?: (value: string) => void;
  readOnly?: boolean;
  /** JSON Schema for completion and validation as you type. */
  schema?: unknown;
  height?: number | string;
  /** Ctrl/Cmd+Enter inside the editor. */
  onSubmit?: () => void;
  label: string;
}

type SchemaEntry = { uri: string; fileMatch: string[]; schema: unknown };

// Every open editor's schema, by its model: Monaco's JSON service takes one list for all of them.
const schemas = new Map<string, SchemaEntry>();

function publishSchemas(): void {
  monaco.json.jsonDefaults.setDiagnosticsOptions({
    validate: true,
    allowComments: false,
    enableSchemaRequest: false,
    schemas: [...schemas.values()] as Parameters<typeof monaco.json.jsonDefaults.setDiagnosticsOptions>[0]["schemas"],
  });
}

/** A JSON editor (Monaco), read-only for viewing messages or editable with a schema for input. */
export default function JsonEditor({ value, onChange, readOnly = false, schema, height = 240, onSubmit, label }: JsonEditorProps) {
  const id = useId().replace(/[^A-Za-z0-9]/g, "");
  const path = `inmemory://bench/${id}.json`;
  const submit = useRef(onSubmit);
  submit.current = onSubmit;

  useEffect(() => {
    if (schema === undefined || readOnly) return;
    schemas.set(path, { uri: `inmemory://bench/${id}.schema.json`, fileMatch: [path], schema });
    publishSchemas();
    return () => {
      schemas.delete(path);
      publishSchemas();
    };
  }, [schema, path, id, readOnly]);

  const mount: OnMount = (editor, instance) => {
    editor.addCommand(instance.KeyMod.CtrlCmd | instance.KeyCode.Enter, () => submit.current?.());
  };

  return (
    <div className="json-editor" aria-label={label} data-readonly={readOnly || undefined}>
      <Editor
        height={height}
        language="json"
        path={path}
        value={value}
        onChange={(next) => onChange?.(next ?? "")}
        onMount={mount}
        options={{
          readOnly,
          domReadOnly: readOnly,
          minimap: { enabled: false },
          fontSize: 13,
          lineNumbers: readOnly ? "off" : "on",
          scrollBeyondLastLine: false,
          wordWrap: "on",
          tabSize: 2,
          automaticLayout: true,
          renderLineHighlight: readOnly ? "none" : "line",
          folding: true,
          ariaLabel: label,
        }}
      />
    </div>
  );
}
