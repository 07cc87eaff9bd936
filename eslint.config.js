// ESLint flat config: typescript-eslint strict on every layer, plus layer boundaries
// (shared/ is pure: no Node, DOM or Electron; main/ never imports renderer/).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { defineConfig } from 'eslint/config';

const nodeBuiltins = [
  'fs', 'path', 'os', 'child_process', 'http', 'https', 'net', 'crypto', 'url', 'stream', 'events', 'util',
  'worker_threads', 'readline', 'zlib', 'buffer', 'process', 'assert', 'dns', 'tty', 'module',
];

export default defineConfig([
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'coverage/**', 'test-results/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['shared/**/*.ts'],
    ignores: ['shared/**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-imports': [
        'error',
        {
          paths: [...nodeBuiltins.flatMap((m) => [m, `node:${m}`]), 'electron', 'react', 'react-dom'].map((name) => ({
            name,
            message: 'shared/ is the pure domain core: no Node, DOM or Electron imports.',
          })),
          patterns: [
            { group: ['**/main/**', '**/renderer/**'], message: 'shared/ must not import main/ or renderer/.' },
          ],
        },
      ],
    },
  },
  {
    files: ['main/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/renderer/**'], message: 'main/ must not import renderer/.' }] },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/main/**'], message: 'renderer/ talks to main/ only through the IPC contract in shared/.' }] },
      ],
    },
  },
]);
