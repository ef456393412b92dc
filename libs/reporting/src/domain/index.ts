/** The pure domain of reporting: plain functions over plain types, importable without Nest, TypeORM or a database. */
export * from './figures.js';
export * from './periods.js';
export * from './scope.js';
export * from './matching-figures.js';
export * from './suppression.js';
export * from './region-suppression.js';
