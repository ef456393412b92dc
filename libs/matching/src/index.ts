export * from './jobs.js';
export * from './matching.module.js';
export * from './matching-settings.js';
export * from './read-model/matching-input.js';
export * from './runs/matching-run.service.js';
export * from './schema.js';
export * from './seed/demo-expert-tables.js';
export * from './runs/matching-triggers.js';
