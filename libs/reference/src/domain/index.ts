/** The pure domain of reference: plain functions over plain types, importable without Nest, TypeORM or a database. */
export * from './csv.js';
export * from './geo.js';
export * from './reference-files.js';
export * from './exclusion-criteria.js';
export * from './settings.js';
