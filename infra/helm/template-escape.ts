/**
 * Helm runs every template file through Go's text/template before parsing it as YAML, so text
 * that must reach the cluster literally (alert annotations such as `{{ $labels.cronjob }}`,
 * Grafana legends, JSON like `{"a":{}}}`) is written as raw-string actions: each run of two or
 * more braces becomes {{`<run>`}}. Whole runs, so no stray brace next to an inserted action
 * forms a new delimiter; backticks need no escaping in any YAML scalar style.
 */
export function escapeTemplateText(text: string): string {
  return text.replace(/[{}]{2,}/g, (run) => `{{\`${run}\`}}`);
}

/** Escapes every string (keys and values) of a JSON-like value. */
export function escapeTemplateStrings(value: unknown): unknown {
  if (typeof value === 'string') return escapeTemplateText(value);
  if (Array.isArray(value)) return value.map(escapeTemplateStrings);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [escapeTemplateText(key), escapeTemplateStrings(inner)]));
  }
  return value;
}
