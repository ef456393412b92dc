/**
 * jest in native ESM mode (node --experimental-vm-modules), TypeScript through ts-jest.
 * unit: pure functions beside the code (*.spec.ts); integration: beside the code against the real
 * PostgreSQL and Redis (*.int-spec.ts); e2e: HTTP and processes, in test/ (*.e2e-spec.ts).
 * The global set-up creates this run's template database and drops every database of the run at the end.
 */
const tsJest = ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.jest.json', diagnostics: false }];
const shared = {
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': tsJest },
  moduleNameMapper: {
    '^@passend/([a-z-]+)/domain$': '<rootDir>/libs/$1/src/domain/index.ts',
    '^@passend/([a-z-]+)$': '<rootDir>/libs/$1/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testEnvironment: 'node',
};

export default {
  globalSetup: '<rootDir>/test/support/global-setup.js',
  globalTeardown: '<rootDir>/test/support/global-teardown.js',
  maxWorkers: 2,
  testTimeout: 30_000,
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'] },
    { ...shared, displayName: 'integration', testMatch: ['<rootDir>/{apps,libs}/**/*.int-spec.ts'] },
    { ...shared, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
  ],
};
