export { AREA_PROFILES, SYNTHETIC_INSTITUTIONS, type AreaProfile, type InstitutionPlan } from './area-profiles.js';
export { DEFAULT_CASE_SEED, generateCases, summariseCases, type AreaSummary, type CaseGeneratorInput, type GeneratedCases } from './generator.js';
export { casePersonalDataFor, seedCases, type SeedCasesOptions, type SeedCasesReport, type SeedHelpOffering } from './seed-cases.js';
export { SYNTHETIC_BSN_PREFIX } from './synthetic-bsn.js';
