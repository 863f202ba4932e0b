/**
 * The layer rule: which top-level folder may import which (docs/design.md, "Layers"). `core/` is
 * the only place jobs, the status service and the CLI meet; a wrong-way import is a lint error, so
 * a change to one process cannot silently change another.
 *
 * Relative specifiers are resolved against the importing file, so `../status/x.ts` from
 * `cli/commands/` is judged by where it lands, not by how it is spelled. Package imports are not
 * this rule's business.
 */
import { dirname, relative, resolve, sep } from 'node:path';
import type { ESLint, Rule } from 'eslint';
import type { Node } from 'estree';

/**
 * For each folder, what its files may import: top-level folders or single files. Folders listed
 * under `deny` may import anything except those; folders not listed at all are not checked.
 */
export const LAYERS: { allow: Record<string, readonly string[] | undefined>; deny: Record<string, readonly string[] | undefined> } = {
  allow: {
    core: ['core'],
    jobs: ['core', 'jobs'],
    status: ['core', 'status'],
    // cli reports its own version (`kubectl pontual version`) from package.json, as infra tags images with it.
    cli: ['core', 'cli', 'package.json'],
    observability: ['core', 'observability'],
    // infra renders what the processes declare: the jobs' and the status service's environment.
    infra: ['core', 'infra', 'observability', 'jobs/environment.ts', 'status/environment.ts', 'package.json'],
    devkit: ['core', 'devkit'],
  },
  // Tools may use anything shipped and the devkit, never the test tree.
  deny: {
    scripts: ['test'],
    bench: ['test'],
  },
};

export const layersRule: Rule.RuleModule = {
  meta: {
    type: 'problem',
    docs: { description: 'Keeps imports within the layers of docs/design.md' },
    schema: [{ type: 'object', properties: { root: { type: 'string' } }, required: ['root'], additionalProperties: false }],
    messages: {
      wrongWay: '{{from}}/ may not import {{target}}: {{from}}/ imports only {{allowed}} (docs/design.md, "Layers")',
      denied: '{{from}}/ may not import {{target}}: nothing outside test/ imports from test/',
    },
  },
  create(context) {
    const { root } = context.options[0] as { root: string };
    const fromPath = relative(root, context.filename).split(sep);
    const from = fromPath[0] ?? '';
    const allowed = LAYERS.allow[from];
    const denied = LAYERS.deny[from];
    if (fromPath.length < 2 || (allowed === undefined && denied === undefined)) return {};

    function check(source: Node | null | undefined): void {
      if (source?.type !== 'Literal' || typeof source.value !== 'string' || !source.value.startsWith('.')) return;
      const target = relative(root, resolve(dirname(context.filename), source.value)).split(sep).join('/');
      const top = target.split('/')[0] ?? '';
      if (allowed !== undefined && !allowed.includes(top) && !allowed.includes(target)) {
        context.report({ node: source, messageId: 'wrongWay', data: { from, target, allowed: allowed.map((a) => (a.includes('.') ? a : `${a}/`)).join(', ') } });
      }
      if (denied?.includes(top) === true) context.report({ node: source, messageId: 'denied', data: { from, target } });
    }

    return {
      ImportDeclaration: (node) => {
        check(node.source);
      },
      ExportNamedDeclaration: (node) => {
        check(node.source);
      },
      ExportAllDeclaration: (node) => {
        check(node.source);
      },
      ImportExpression: (node) => {
        check(node.source);
      },
    };
  },
};

const plugin: ESLint.Plugin = { rules: { layers: layersRule } };
export default plugin;
