export * from './access-log-entry.entity.js';
export * from './audit-log.js';
export * from './audit.module.js';
export * from './chain-sealer.js';
export * from './chain-verifier.js';
export * from './domain/hash-chain.js';
export * from './schema.js';
export * from './verify-chain.job.js';
