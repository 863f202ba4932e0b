/**
 * The layer rule: which top-level folder may import which (docs/design.md, "Layers"). `core/` is
 * the only place jobs, the status service and the CLI meet; a wrong-way import is a lint error, so
 * a change to one process cannot silently change another.
 *
 * Relative specifiers are resolved against the importing file, so `../status/x.ts` from
 * `cli/commands/` is judged by where it lands, not by how it is spelled; so are absolute paths and
 * `file:` URLs. Every way of naming a module counts: import and export declarations (`import
 * type` too), `import()`, `require()` (also one made by `createRequire`) and `import.meta.resolve`.
 * A template literal with expressions is judged by the folder its fixed head names
 * (`../status/${name}.ts` lands in status/). Package imports are not this rule's business.
 */
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ESLint, Rule } from 'eslint';
import type { CallExpression, Node } from 'estree';

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
      const landing = source === null || source === undefined ? undefined : whereItLands(source, dirname(context.filename));
      if (source === null || source === undefined || landing === undefined) return;
      const target = relative(root, landing).split(sep).join('/');
      // A template's fixed head may stop at the repository root: nothing to judge yet.
      if (target === '') return;
      const top = target.split('/')[0] ?? '';
      if (allowed !== undefined && !allowed.includes(top) && !allowed.includes(target)) {
        context.report({
          node: source,
          messageId: 'wrongWay',
          data: { from, target, allowed: allowed.map((a) => (a.includes('.') ? a : `${a}/`)).join(', ') },
        });
      }
      if (denied?.includes(top) === true) context.report({ node: source, messageId: 'denied', data: { from, target } });
    }

    // `require` and whatever `createRequire(...)` was assigned to in this file.
    const requireNames = new Set(['require']);

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
      VariableDeclarator: (node) => {
        if (node.id.type === 'Identifier' && node.init?.type === 'CallExpression' && isCreateRequire(node.init)) requireNames.add(node.id.name);
      },
      CallExpression: (node) => {
        if (isRequireCall(node, requireNames)) check(node.arguments[0]);
      },
    };
  },
};

/** The file a specifier names, or undefined for a package (or a template that names no folder). */
function whereItLands(source: Node, fromDir: string): string | undefined {
  let specifier: string | undefined;
  if (source.type === 'Literal' && typeof source.value === 'string') specifier = source.value;
  else if (source.type === 'TemplateLiteral') {
    const head = source.quasis[0]?.value.cooked ?? '';
    specifier = source.expressions.length === 0 ? head : head.slice(0, head.lastIndexOf('/') + 1);
  }
  if (specifier === undefined || specifier === '') return undefined;
  if (specifier.startsWith('file:')) return fileURLToPath(specifier);
  if (isAbsolute(specifier)) return specifier;
  return specifier.startsWith('.') ? resolve(fromDir, specifier) : undefined;
}

function isCreateRequire(call: CallExpression): boolean {
  return call.callee.type === 'Identifier' && call.callee.name === 'createRequire';
}

/** `require(x)`, `require.resolve(x)`, `createRequire(...)(x)`, `import.meta.resolve(x)`. */
function isRequireCall(call: CallExpression, requireNames: ReadonlySet<string>): boolean {
  const { callee } = call;
  if (callee.type === 'Identifier') return requireNames.has(callee.name);
  if (callee.type === 'CallExpression') return isCreateRequire(callee);
  if (callee.type !== 'MemberExpression' || callee.property.type !== 'Identifier' || callee.property.name !== 'resolve') return false;
  const object = callee.object;
  return (object.type === 'Identifier' && requireNames.has(object.name)) || (object.type === 'MetaProperty' && object.meta.name === 'import');
}

const plugin: ESLint.Plugin = { rules: { layers: layersRule } };
export default plugin;
