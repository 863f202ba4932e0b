import { stringify } from 'yaml';

/**
 * Multi-document YAML, one object per document, never folded so lines stay greppable. Written
 * for YAML 1.1 readers (kubectl and Helm parse with go-yaml), so strings such as `14:00`, `on`
 * or `yes` are quoted instead of turning into numbers or booleans on the way in.
 */
export function toYaml(objects: readonly unknown[]): string {
  return objects.map((object) => stringify(object, { lineWidth: 0, version: '1.1' })).join('---\n');
}
