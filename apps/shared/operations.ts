import { ChainVerifier, type ChainReport } from '@passend/audit';
import { casePersonalDataFor, childLookupRotation, seedCases } from '@passend/cases';
import { seedDemoAccounts } from '@passend/identity';
import { seedDemoExpertTables } from '@passend/matching';
import { PersonalDataCipher, QueueBackend, rotatePersonalData, type PassendConfig, type RotationReport } from '@passend/platform';
import { ReferenceCatalog, syncReferenceData } from '@passend/reference';
import { OfferingReader, reindexOfferings, seedDemoProviderCatalog, seedSocialMap, type ReindexReport, type SeedScale } from '@passend/social-map';
import { DataSource } from 'typeorm';
import { passendDataSourceOptions } from './data-source.js';

/** Operator tasks shared by the CLI, the local launcher and the test set-up. */
export async function withDataSource<T>(config: Pick<PassendConfig, 'databaseUrl'>, fn: (ds: DataSource) => Promise<T>): Promise<T> {
  const dataSource = new DataSource(passendDataSourceOptions(config, 'passend-cli'));
  await dataSource.initialize();
  try {
    return await fn(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

export interface MigrationReport {
  applied: string[];
  reference: { regions: number; municipalities: number; codes: number };
}

/** Schema migrations, then the reference data of this release, then the queue's own schema when it runs on PostgreSQL. */
export async function migrate(config: Pick<PassendConfig, 'databaseUrl' | 'redisUrl' | 'queueNamespace'>): Promise<MigrationReport> {
  const report = await withDataSource(config, async (ds) => {
    const applied = await ds.runMigrations({ transaction: 'each' });
    const reference = await syncReferenceData(ds.manager);
    return { applied: applied.map((m) => m.name), reference };
  });
  await new QueueBackend({ databaseUrl: config.databaseUrl, redisUrl: config.redisUrl, namespace: config.queueNamespace }).prepare();
  return report;
}

export async function revertLastMigration(config: Pick<PassendConfig, 'databaseUrl'>): Promise<void> {
  await withDataSource(config, (ds) => ds.undoLastMigration({ transaction: 'each' }));
}

export interface SeedReport {
  organisations: number;
  accounts: number;
  providers: number;
  offerings: number;
  measures: number;
}

/**
 * Demo data over the real reference data: the demo accounts, the synthetic social map (demo:
 * about 400 providers and 2,000 offerings; national: about 8,500 and 20,000) and the demo
 * provider's own offerings, and about 2,000 synthetic children under a measure with their cases
 * (identity encrypted as the app does). Every step is idempotent.
 */
export async function seedDemo(
  config: Pick<PassendConfig, 'databaseUrl' | 'personalDataKey'>,
  options: { scale?: SeedScale; onProgress?: (done: number, total: number) => void } = {},
): Promise<SeedReport> {
  return withDataSource(config, async (ds) => {
    const accounts = await seedDemoAccounts(ds.manager);
    const map = await seedSocialMap(ds.manager, { scale: options.scale ?? 'demo', onProgress: options.onProgress });
    const own = await seedDemoProviderCatalog(ds.manager);
    // cases and the social map meet here: the seed gets the offerings where help may have started
    const offerings = await new OfferingReader(ds, new ReferenceCatalog(ds)).eligibleCandidates({ categoryCodes: [] });
    const cases = await seedCases(ds.manager, casePersonalDataFor(config), { count: 2_000, offerings });
    await seedDemoExpertTables(ds.manager);
    return { ...accounts, providers: map.providers, offerings: map.offerings + own.offerings, measures: cases.measures };
  });
}

/** Rebuilds the search text of every offering and, with MEILI_URL, the Meilisearch index (swapped in atomically). */
export async function reindex(config: Pick<PassendConfig, 'databaseUrl' | 'meili'>, onProgress?: (done: number, total: number) => void): Promise<ReindexReport> {
  return withDataSource(config, (ds) => reindexOfferings(ds, config, onProgress));
}

export async function verifyAuditChain(config: Pick<PassendConfig, 'databaseUrl'>): Promise<ChainReport> {
  return withDataSource(config, (ds) => new ChainVerifier(ds).verify());
}

/**
 * `npm run keys:rotate`: every personal-data value re-encrypted under PERSONAL_DATA_KEY, and every
 * child's BSN lookup hash recomputed under it, while the platform runs (deploy the new key with the
 * old ones in PERSONAL_DATA_PREVIOUS_KEYS first; remove them once this reports nothing remaining).
 */
export async function rotateKeys(
  config: Pick<PassendConfig, 'databaseUrl' | 'personalDataKey' | 'personalDataPreviousKeys'>,
  options: { batchSize?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<RotationReport> {
  const cipher = new PersonalDataCipher(config.personalDataKey, config.personalDataPreviousKeys ?? []);
  return withDataSource(config, (ds) => rotatePersonalData(ds, cipher, { ...options, hook: childLookupRotation(config.personalDataKey.key) }));
}
