/** The pure domain of cases: plain functions over plain types, importable without Nest, TypeORM or a database. */
export * from './bsn.js';
export * from './explanation-reasons.js';
export * from './local-date.js';
export * from './norm-clock.js';
export * from './region-status.js';
