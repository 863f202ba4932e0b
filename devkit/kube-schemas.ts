import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

/**
 * Strict JSON schemas for kubeconform, made offline: from an API server's OpenAPI v2 document (the
 * test control plane's) and from CRD files (the vendored prometheus-operator CRDs). One file per
 * kind and version, named `<kind>_<group>_<version>.json` (`<kind>_v1_v1.json` for the core group),
 * the layout of SCHEMA_LOCATION. Strict: every object that lists its properties allows no others.
 */
export const SCHEMA_LOCATION = '{{ .ResourceKind }}_{{ .Group }}_{{ .ResourceAPIVersion }}.json';

type Schema = Record<string, unknown>;

const isObject = (value: unknown): value is Schema => typeof value === 'object' && value !== null && !Array.isArray(value);

const INT_OR_STRING = { oneOf: [{ type: 'string' }, { type: 'integer' }] };

/** A copy where objects with listed properties refuse unknown ones, and int-or-string takes both. */
function strict(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(strict);
  if (!isObject(schema)) return schema;
  if (schema['x-kubernetes-int-or-string'] === true || schema.format === 'int-or-string') return { ...INT_OR_STRING };
  const copy: Schema = Object.fromEntries(
    Object.entries(schema).map(([key, value]) => [key, key === 'enum' || key === 'default' || key === 'example' ? value : strict(value)]),
  );
  if (isObject(schema.properties) && schema.additionalProperties === undefined && schema['x-kubernetes-preserve-unknown-fields'] !== true) {
    copy.additionalProperties = false;
  }
  return copy;
}

function fileName(kind: string, group: string, version: string): string {
  return `${kind.toLowerCase()}_${group === '' ? version : group}_${version}.json`;
}

/** Writes a schema per kind of the OpenAPI v2 document and of the CRDs; returns the file names. */
export function writeKubeSchemas(dir: string, openApiV2: Schema, crdFiles: readonly string[]): string[] {
  const written: string[] = [];
  const definitions = strict(openApiV2.definitions) as Record<string, Schema>;
  for (const [name, definition] of Object.entries(openApiV2.definitions as Record<string, Schema>)) {
    const kinds = definition['x-kubernetes-group-version-kind'];
    if (!Array.isArray(kinds)) continue;
    for (const gvk of kinds as { group: string; version: string; kind: string }[]) {
      const file = fileName(gvk.kind, gvk.group, gvk.version);
      writeFileSync(join(dir, file), JSON.stringify({ $ref: `#/definitions/${name}`, definitions }));
      written.push(file);
    }
  }
  for (const path of crdFiles) {
    for (const document of parseAllDocuments(readFileSync(path, 'utf8'))) {
      const crd = document.toJS() as {
        spec?: { group: string; names: { kind: string }; versions: { name: string; schema?: { openAPIV3Schema?: Schema } }[] };
      } | null;
      if (crd?.spec === undefined) continue;
      for (const version of crd.spec.versions) {
        const schema = version.schema?.openAPIV3Schema;
        if (schema === undefined) continue;
        const file = fileName(crd.spec.names.kind, crd.spec.group, version.name);
        writeFileSync(join(dir, file), JSON.stringify(strict(schema)));
        written.push(file);
      }
    }
  }
  return written;
}
