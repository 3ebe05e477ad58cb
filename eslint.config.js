import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

// Product code never leans on test or benchmark helpers: they live outside src/.
const testOnlyModules = ['**/test-support/**', '**/bench/**', '**/e2e/**'];
const productFiles = { ignores: ['src/**/*.test.{ts,tsx}'] };

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      'out',
      'dist',
      'release',
      'test-results',
      'playwright-report',
      'resources/sample-project/runs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    ...productFiles,
    rules: { 'no-restricted-imports': ['error', { patterns: testOnlyModules }] },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}', 'test-support/renderer/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', { patterns: ['**/main/**', 'electron', 'node:*'] }],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    ...productFiles,
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['**/main/**', 'electron', 'node:*', ...testOnlyModules] },
      ],
    },
  },
  {
    files: ['src/main/engine/**/*.ts', 'src/main/reader/**/*.ts'],
    ...productFiles,
    rules: {
      'no-restricted-imports': ['error', { paths: ['electron'], patterns: testOnlyModules }],
    },
  },
  prettier,
);
