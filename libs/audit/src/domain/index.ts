/** The pure domain of audit: plain functions over plain types, importable without Nest, TypeORM or a database. */
export * from './hash-chain.js';
