/**
 * `npm run test:faults`: the fault tests (test/faults), one at a time (each starts and stops
 * servers of its own), with their figures printed at the end and written to .data/faults/report.json.
 * Not part of `npm test`, except the cheap audit-unavailable test, which the e2e project runs too.
 */
import base from './jest.config.js';

const e2e = base.projects.find((p) => p.displayName === 'e2e');

export default {
  ...e2e,
  displayName: 'faults',
  testMatch: ['<rootDir>/test/faults/**/*.{fault,e2e}-spec.ts'],
  globalSetup: '<rootDir>/test/faults/support/global-setup.js',
  globalTeardown: '<rootDir>/test/faults/support/global-teardown.js',
  maxWorkers: 1,
  testTimeout: 300_000,
};
