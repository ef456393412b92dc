export * from './test-api.js';
export * from './test-environment.js';
export * from './eventually.js';
export * from './test-worker.js';
export * from './meilisearch-server.js';
