export * from './test-api.js';
export * from './test-environment.js';
