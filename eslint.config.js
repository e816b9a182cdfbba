import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import { LAYER_ZONES, TEST_FILES } from './eslint.layers.js';

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      'out',
      'cache',
      'dist',
      'coverage',
      'test-results',
      'playwright-report',
      'runs',
      'src/chain/generated',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}', 'src/store/**/*.{ts,tsx}', 'src/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    // forge execs this shim directly; CommonJS keeps it a plain executable with no build step.
    files: ['script/solc.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The engine is deterministic: every draw comes from a seeded stream, never from the clock.
    files: ['src/engine/**/*.ts'],
    ignores: ['src/engine/**/*.test.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Use a seeded Rng from src/engine/rng.ts.' },
        { object: 'Date', property: 'now', message: 'The engine has no clock.' },
        { object: 'performance', property: 'now', message: 'The engine has no clock.' },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'process'],
    },
  },
  {
    // Layer boundaries (docs/ARCHITECTURE.md): each zone names who may not import whom. Tests
    // may reach across (a spec reads the chain directly), so they are left out.
    files: ['**/*.{ts,tsx,mjs,js}'],
    ignores: TEST_FILES,
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [
        createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs'] }),
      ],
    },
    rules: { 'import-x/no-restricted-paths': ['error', { zones: LAYER_ZONES }] },
  },
  {
    // The engine imports nothing outside itself, packages included: no Node, no DOM, no chain.
    files: ['src/engine/**/*.ts'],
    ignores: TEST_FILES,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^[^.]',
              message: 'The engine imports nothing outside itself (docs/ARCHITECTURE.md).',
            },
          ],
        },
      ],
    },
  },
);
