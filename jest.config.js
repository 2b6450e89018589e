/** Jest runs TypeScript as ES modules (needed later for @kubernetes/client-node, which is ESM-only). */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // A guard against hangs, not a speed claim: a loaded 2-core machine runs many tests far slower
  // than Jest's 5 s default (speed is measured in `npm run bench`).
  testTimeout: 60_000,
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true }] },
  reporters: ['default', '<rootDir>/test/support/summary-reporter.cjs'],
};
