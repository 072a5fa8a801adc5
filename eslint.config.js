// @ts-check
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const electronOnly = {
  name: 'electron',
  message: 'Only src/main/electron/ and src/preload/ may import electron: everything else must run under plain Node.',
};

const transports = ['src/main/app/**/*.ts', 'src/main/cli/**/*.ts', 'src/main/server/**/*.ts'];
const mainPaths = [electronOnly, { name: 'better-sqlite3', message: 'SQLite is reached through src/main/store only.' }];
const compositionRoot = {
  group: ['**/app/*'],
  message: 'Only the transports (cli, server, electron) import the composition root (src/main/app).',
};
const rawDatabase = {
  group: ['**/store/case-file/raw-database*'],
  message: 'The connection stays inside src/main/store.',
};
const sqlOutsideStore = {
  selector: 'CallExpression[callee.property.name=/^(prepare|pragma)$/]',
  message: 'SQL lives in src/main/store: add a method to the store instead.',
};

export default tseslint.config(
  { ignores: ['**/*.d.mts', 'out/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': ['error', { paths: [electronOnly] }],
    },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: globals.browser },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [electronOnly],
          patterns: [
            {
              group: ['**/main/**', '**/preload/index'],
              message: 'The renderer talks to main only through src/shared/api.',
            },
            { group: ['node:*'], message: 'The renderer runs in a browser sandbox: no Node modules.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronOnly, { name: 'react', message: 'src/shared is environment-free.' }],
          patterns: [
            { group: ['node:*'], message: 'src/shared is environment-free: it runs in main, preload and renderer.' },
            {
              group: ['**/main/**', '**/renderer/**', '**/preload/**'],
              message: 'src/shared depends on nothing else.',
            },
          ],
        },
      ],
    },
  },
  {
    // The layers of src/main (see docs/ARCHITECTURE.md): the store is sealed (SQL and the connection stay
    // inside src/main/store), only the transports import the composition root, core/ stands on nothing.
    files: ['src/main/**/*.ts'],
    ignores: ['src/main/store/**', 'src/main/core/**', 'src/main/electron/**', ...transports],
    rules: {
      'no-restricted-imports': ['error', { paths: mainPaths, patterns: [compositionRoot, rawDatabase] }],
      'no-restricted-syntax': ['error', sqlOutsideStore],
    },
  },
  {
    files: ['src/main/store/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [electronOnly], patterns: [compositionRoot] }] },
  },
  {
    files: transports,
    rules: {
      'no-restricted-imports': ['error', { paths: mainPaths, patterns: [rawDatabase] }],
      'no-restricted-syntax': ['error', sqlOutsideStore],
    },
  },
  {
    files: ['src/main/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: mainPaths,
          patterns: [
            {
              regex: '^\\.\\./(?!\\.\\./shared/)',
              message: 'src/main/core imports only node and src/shared: it is what every layer stands on.',
            },
          ],
        },
      ],
    },
  },
  {
    // Test matchers (expect.objectContaining…) are typed `any` by design.
    files: ['tests/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
    },
  },
  {
    files: ['src/main/electron/**/*.ts', 'src/preload/**/*.ts', 'tests/electron/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
