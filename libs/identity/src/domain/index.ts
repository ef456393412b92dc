/** The pure domain of identity: plain functions over plain types, importable without Nest, TypeORM or a database. */
export * from './policy.js';
export * from './roles.js';
export * from './session.js';
export * from './account-policy.js';
