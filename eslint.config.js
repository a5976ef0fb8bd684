// @ts-check
// Lint for the whole repository: typescript-eslint with type information, the layer rule for src/,
// and eslint-config-prettier last so that formatting is left to Prettier alone.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/*
 * The layer rule. src/ reads bottom to top: model ← cpu, gpu ← engine ← api, cli. A layer imports
 * only itself, the layers below it and src/errors.ts; the entry files belong to the layer they
 * wire up (src/index.ts and src/node.ts: api; src/cli.ts: cli). Patterns are gitignore-style and
 * match the import as written, so each layer lists what it must not import. Packages are
 * restricted only where a layer has no business with WebGPU.
 */
/**
 * Import patterns for the layer folders other than `allowed`.
 * @param {string[]} allowed
 */
const foldersExcept = (allowed) =>
  ['model', 'cpu', 'gpu', 'engine', 'api', 'cli']
    .filter((folder) => !allowed.includes(folder))
    .map((folder) => `**/${folder}/**`);
const API_ENTRIES = ['**/index.ts', '**/node.ts'];
const CLI_ENTRY = '**/cli.ts';
const NOT_GPU = ['**/shaders/**', 'webgpu', 'wgsl_reflect'];

const LAYERS = [
  {
    files: ['src/model/**'],
    allowed: 'src/model and src/errors.ts',
    forbidden: [...foldersExcept(['model']), ...API_ENTRIES, CLI_ENTRY, ...NOT_GPU],
  },
  {
    files: ['src/cpu/**'],
    allowed: 'src/model, src/cpu and src/errors.ts',
    forbidden: [...foldersExcept(['model', 'cpu']), ...API_ENTRIES, CLI_ENTRY, ...NOT_GPU],
  },
  {
    files: ['src/gpu/**'],
    allowed: 'src/model, src/gpu, src/errors.ts and shaders',
    forbidden: [...foldersExcept(['model', 'gpu']), ...API_ENTRIES, CLI_ENTRY],
  },
  {
    files: ['src/engine/**'],
    allowed: 'the layers below it (not src/api or src/cli)',
    forbidden: ['**/api/**', '**/cli/**', ...API_ENTRIES, CLI_ENTRY],
  },
  {
    files: ['src/api/**', 'src/index.ts', 'src/node.ts'],
    allowed: 'the layers below it (not src/cli)',
    forbidden: ['**/cli/**', CLI_ENTRY],
  },
  {
    files: ['src/cli/**', 'src/cli.ts'],
    allowed: 'the layers below it (not src/api)',
    forbidden: ['**/api/**', ...API_ENTRIES],
  },
].map(({ files, allowed, forbidden }) => {
  const name = files[0].split('/')[1];
  const message = `layer rule: src/${name} imports only ${allowed} (see eslint.config.js)`;
  return {
    name: `unroll/layer-${name}`,
    files,
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: forbidden, message }] }] },
  };
});

export default defineConfig(
  { ignores: ['dist/', 'demo-dist/', 'test-output/', 'models/', 'data/'] },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: { ...globals.node, ...globals.browser },
      parserOptions: {
        // The JavaScript files are outside tsconfig.json; they get a default project of their own.
        projectService: { allowDefaultProject: ['eslint.config.js', 'bin/*.js', 'scripts/*.mjs', 'tools/*.mjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Part of recommendedTypeChecked; named so that turning the preset down keeps it.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      // From strictTypeChecked, the rules this code already nearly meets.
      '@typescript-eslint/no-unnecessary-type-arguments': 'error',
      '@typescript-eslint/use-unknown-in-catch-callback-variable': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      // Off: an async function without await is how this code implements a promise-returning
      // interface, and it turns a throw into a rejection, which dropping `async` would not.
      '@typescript-eslint/require-await': 'off',
    },
  },

  ...LAYERS,
  prettier,
);
