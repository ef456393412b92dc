export * from './domain/geo.js';
export * from './domain/csv.js';
export * from './domain/reference-files.js';
export * from './entities.js';
export * from './reference-catalog.js';
export * from './reference-loader.js';
export * from './reference.module.js';
export * from './schema.js';
