/** The pure domain of social-map: plain functions over plain types, importable without Nest, TypeORM or a database. */
export * from './capacity.js';
export * from './freshness.js';
export * from './offering-policy.js';
export * from './taxonomy.js';
export * from './offering-candidate.js';
export * from './private-home.js';
