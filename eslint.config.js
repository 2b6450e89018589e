// Lint rules, including the line that keeps the core pure: domain, symptoms, checks,
// interpreters, engine, report and i18n import nothing that does I/O and read no clock or env.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const PURE = [
  'src/domain/**',
  'src/symptoms/**',
  'src/checks/**',
  'src/interpreters/**',
  'src/engine/**',
  'src/report/**',
  'src/i18n/**',
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.tools/**', 'coverage/**', 'test/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { module: 'writable', require: 'readonly', process: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  {
    files: PURE,
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'node:*',
                'fs',
                'fs/*',
                'child_process',
                'net',
                'http',
                'https',
                'os',
                'dgram',
                'dns',
                'process',
                'worker_threads',
                'path',
              ],
              message: 'The core is pure: no I/O. Do it in an adapter at the edge.',
            },
            {
              group: [
                '**/cli/**',
                '**/slack/**',
                '**/azure/**',
                '**/kube/**',
                '**/queue/**',
                '**/lab/**',
                '**/config*',
              ],
              message: 'The core must not depend on the edges.',
            },
            {
              group: ['@slack/*', '@azure/*', '@kubernetes/*', 'bullmq', 'ioredis', 'commander'],
              message: 'The core must not depend on SDKs.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'The core reads no environment: configuration is passed in.' },
        { name: 'Buffer', message: 'Keep the core free of Node-only globals.' },
        { name: 'fetch', message: 'The core does no I/O.' },
        { name: 'setTimeout', message: 'The core has no clock.' },
        { name: 'setInterval', message: 'The core has no clock.' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='Date'][property.name='now']",
          message: 'The core has no clock: pass the time in.',
        },
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'The core has no clock: pass the time in.',
        },
        {
          selector: "MemberExpression[object.name='Math'][property.name='random']",
          message: 'The core is deterministic.',
        },
        {
          selector: "MemberExpression[object.name='console']",
          message: 'The core returns data; the edges print.',
        },
      ],
    },
  },
);
