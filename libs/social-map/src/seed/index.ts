export { DEFAULT_SEED, SEED_SCALES, type SeedScale } from './generator.js';
export { seedSocialMap, type SeedSocialMapOptions, type SeedSocialMapReport } from './seed-social-map.js';
