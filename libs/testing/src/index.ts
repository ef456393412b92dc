// Test helpers that ship no app code; helpers that start an app (api, worker) live in test/support.
export * from './test-environment.js';
export * from './eventually.js';
export * from './meilisearch-server.js';
export * from './redis-server.js';
