/** The platform's pure vocabulary (no Nest, no TypeORM): principals and roles, domain errors. */
export * from './domain-error.js';
export * from './principal.js';
