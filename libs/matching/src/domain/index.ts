// The pure domain of matching: importable without Nest, TypeORM or a database (the simulation,
// the benchmark and the web app's shared types use it). `@passend/matching/domain`.
export * from './model.js';
export * from './eligibility.js';
export * from './fit.js';
export * from './matching-policy.js';
export * from './plan.js';
export * from './profile.js';
export * from './proposal-lifecycle.js';
export * from './referral-rules.js';
export * from './solver/index.js';
