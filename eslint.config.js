// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import layers from './eslint-rules/layers.ts';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'charts/', 'infra/imports/', 'observability/generated/', 'cli/kubectl-pontual.js', 'test/unit/layers/fixtures/'] },
  eslint.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['test', 'it', 'describe', 'suite', 'before', 'after', 'beforeEach', 'afterEach'] },
          ],
        },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    plugins: { pontual: layers },
    rules: { 'pontual/layers': ['error', { root: import.meta.dirname }] },
  },
  {
    files: ['eslint.config.js'],
    extends: [tseslint.configs.disableTypeChecked],
  },
);
