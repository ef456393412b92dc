import { readFile } from 'node:fs/promises';
import { DEMO_ORGANISATIONS } from '@passend/identity';
import { writeOutbox } from '@passend/platform';
import { readRegionShapes, REFERENCE_DATA_DIR, regionAt } from '@passend/reference';
import type { EntityManager } from 'typeorm';
import { OfferingChanged } from '../events.js';
import { refreshSearchText } from '../search/search-text.js';
import { DEFAULT_SEED, generateProviders, SEED_SCALES, type GeneratedProvider, type SeedMunicipality, type SeedScale } from './generator.js';

export interface SeedSocialMapOptions {
  scale: SeedScale;
  /** the seed of the generator (default 2025): same seed, same map */
  random?: number;
  /** rows written so far of the total; called after every batch */
  onProgress?: (done: number, total: number) => void;
  /** confirmation times are spread over the 30 days before this (default: now) */
  now?: Date;
  /** publish OfferingChanged events (1,000 offerings each) for the new offerings, so search indexing and other subscribers follow (default true) */
  indexJobs?: boolean;
  /** rows per INSERT (default 2,000) */
  batchSize?: number;
  /** VACUUM (ANALYZE) the tables after the commit (default true; skipped when the caller's transaction is open) */
  vacuum?: boolean;
}

export interface SeedSocialMapReport {
  scale: SeedScale;
  seed: number;
  /** what this run added (0 when the map was there already) */
  providers: number;
  locations: number;
  offerings: number;
  /** synthetic providers on the map after the run */
  syntheticProviders: number;
  tookMs: number;
}

const LOCK_KEY = 'passend:social-map:seed';

/**
 * Seeds the synthetic social map over the real 2025 municipalities: demo ≈ 400 providers / 2,000
 * offerings, national ≈ 8,500 / 20,000, every provider an identity organisation of kind provider,
 * both rows marked synthetic. Idempotent: when the scale's synthetic providers are there already it
 * adds nothing; national on top of demo adds the difference (the demo map is the national map's
 * first 400 providers). One transaction, serialised by an advisory lock; bulk INSERT ... SELECT
 * FROM jsonb_to_recordset in batches; then the search text of all offerings is rebuilt, OfferingChanged
 * events go to the outbox (so Meilisearch and other subscribers follow) and, after the commit, the tables are vacuumed.
 */
export async function seedSocialMap(manager: EntityManager, options: SeedSocialMapOptions): Promise<SeedSocialMapReport> {
  const started = Date.now();
  const seed = options.random ?? DEFAULT_SEED;
  const target = SEED_SCALES[options.scale].providers;
  const run = async (tx: EntityManager): Promise<SeedSocialMapReport> => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [LOCK_KEY]);
    const report = (added: GeneratedProvider[], syntheticProviders: number): SeedSocialMapReport => ({
      scale: options.scale,
      seed,
      providers: added.length,
      locations: added.reduce((n, p) => n + p.locations.length, 0),
      offerings: added.reduce((n, p) => n + p.offerings.length, 0),
      syntheticProviders,
      tookMs: Date.now() - started,
    });
    const existing = await countSynthetic(tx);
    if (existing >= target) {
      options.onProgress?.(1, 1);
      return report([], existing);
    }

    const providers = generateProviders(
      {
        municipalities: await loadMunicipalities(tx),
        seed,
        now: options.now ?? new Date(),
        pointInRegion: await regionCheck(),
        reservedNames: [...DEMO_ORGANISATIONS.map((o) => o.name), ...(await syntheticNames(tx))],
      },
      target,
    );
    const present = new Set(
      ((await tx.query(`SELECT id FROM social_map.provider WHERE id = ANY($1::uuid[])`, [providers.map((p) => p.id)])) as { id: string }[]).map((r) => r.id),
    );
    // the difference: providers of this map not there yet, up to the scale's number of synthetic providers
    const missing = providers.filter((p) => !present.has(p.id)).slice(0, target - existing);
    await insertProviders(tx, missing, options);
    return report(missing, existing + missing.length);
  };
  if (manager.queryRunner?.isTransactionActive) return run(manager);
  const report = await manager.transaction(run);
  if (report.providers > 0 && options.vacuum !== false) {
    // the search-text UPDATE left a dead version of every new row: without a vacuum the first
    // searches wade through them (measured: seconds per query instead of milliseconds)
    await manager.query(`VACUUM (ANALYZE) social_map.offering, social_map.location, social_map.provider, social_map.offering_specialism, social_map.offering_contract`);
    report.tookMs = Date.now() - started;
  }
  return report;
}

async function countSynthetic(manager: EntityManager): Promise<number> {
  const rows = (await manager.query(`SELECT count(*)::int AS n FROM social_map.provider WHERE synthetic`)) as { n: number }[];
  return rows[0]!.n;
}

async function syntheticNames(manager: EntityManager): Promise<string[]> {
  // names of synthetic organisations not made by this seed (another seed number, hand-made): never reuse them
  const rows = (await manager.query(`SELECT name FROM identity.organisation WHERE synthetic`)) as { name: string }[];
  return rows.map((r) => r.name);
}

async function loadMunicipalities(manager: EntityManager): Promise<SeedMunicipality[]> {
  const rows = (await manager.query(
    `SELECT code, name, region_code AS "regionCode", latitude, longitude, population, area_km2::float8 AS "areaKm2"
       FROM reference.municipality ORDER BY code`,
  )) as SeedMunicipality[];
  if (!rows.some((m) => m.latitude !== null)) throw new Error('reference.municipality is empty: run the migrations (npm run migrate) before seeding');
  return rows;
}

/** A jittered point must stay in its municipality's youth-care region (the polygons, with their 2 km tolerance). */
async function regionCheck(): Promise<(lat: number, lon: number, regionCode: string) => boolean> {
  const shapes = readRegionShapes(await readFile(new URL('youth-regions-2025.geojson', REFERENCE_DATA_DIR), 'utf8'));
  const byCode = new Map(shapes.map((s) => [s.code, [s]]));
  return (lat, lon, regionCode) => {
    const shape = byCode.get(regionCode);
    return !shape || regionAt(shape, lat, lon) === regionCode;
  };
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

async function insertProviders(manager: EntityManager, providers: GeneratedProvider[], options: SeedSocialMapOptions): Promise<void> {
  const size = options.batchSize ?? 2_000;
  const locations = providers.flatMap((p) => p.locations);
  const offerings = providers.flatMap((p) => p.offerings);
  const specialisms = offerings.flatMap((o) => o.specialismCodes.map((code) => ({ o: o.id, c: code })));
  const contracts = offerings.flatMap((o) => o.contractedRegionCodes.map((code) => ({ o: o.id, c: code })));
  // progress in rows: organisation + provider per provider, locations, offerings with their 'created' event, links, and the search text
  const total = providers.length * 2 + locations.length + offerings.length * 3 + specialisms.length + contracts.length;
  let done = 0;
  const progress = (rows: number) => {
    done += rows;
    options.onProgress?.(done, total);
  };
  progress(0);

  for (const batch of chunks(providers, size)) {
    const json = JSON.stringify(batch.map((p) => ({ id: p.id, name: p.name, region: p.homeRegionCode, description: p.description, website: p.website, email: p.email })));
    await manager.query(
      `INSERT INTO identity.organisation (id, kind, name, region_code, synthetic)
       SELECT r.id, 'provider', r.name, r.region, true FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, name text, region text)
       ON CONFLICT (id) DO NOTHING`,
      [json],
    );
    await manager.query(
      `INSERT INTO social_map.provider (id, name, description, website, email, synthetic)
       SELECT r.id, r.name, r.description, r.website, r.email, true
         FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, name text, description text, website text, email text)
       ON CONFLICT (id) DO NOTHING`,
      [json],
    );
    progress(batch.length * 2);
  }

  for (const batch of chunks(locations, size)) {
    await manager.query(
      `INSERT INTO social_map.location (id, provider_id, name, city, municipality_code, latitude, longitude)
       SELECT r.id, r."providerId", r.name, r.city, r."municipalityCode", r.latitude, r.longitude
         FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, "providerId" uuid, name text, city text, "municipalityCode" text, latitude float8, longitude float8)
       ON CONFLICT (id) DO NOTHING`,
      [JSON.stringify(batch)],
    );
    progress(batch.length);
  }

  for (const batch of chunks(offerings, size)) {
    const json = JSON.stringify(batch.map(({ specialismCodes: _s, contractedRegionCodes: _c, ...o }) => o));
    await manager.query(
      `INSERT INTO social_map.offering (id, provider_id, location_id, name, category_code, setting, min_age, max_age, exclusion_criteria,
         requires_secure_authorisation, accepts_other_regions, description_nl, total_places, free_places, wait_weeks,
         capacity_confirmed_at, created_at, updated_at)
       SELECT r.id, r."providerId", r."locationId", r.name, r."categoryCode", r.setting, r."minAge", r."maxAge", r."exclusionCriteria",
              r."requiresSecureAuthorisation", r."acceptsOtherRegions", r."descriptionNl", r."totalPlaces", r."freePlaces", r."waitWeeks",
              r."capacityConfirmedAt", r."capacityConfirmedAt", r."capacityConfirmedAt"
         FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, "providerId" uuid, "locationId" uuid, name text, "categoryCode" text, setting text,
              "minAge" numeric, "maxAge" numeric, "exclusionCriteria" text[], "requiresSecureAuthorisation" boolean, "acceptsOtherRegions" boolean,
              "descriptionNl" text, "totalPlaces" int, "freePlaces" int, "waitWeeks" int, "capacityConfirmedAt" timestamptz)
       ON CONFLICT (id) DO NOTHING`,
      [json],
    );
    // the offering's history starts with its capacity, as when a provider creates one
    await manager.query(
      `INSERT INTO social_map.capacity_event (offering_id, occurred_at, kind, new_total, new_free, new_wait)
       SELECT r.id, r."capacityConfirmedAt", 'created', r."totalPlaces", r."freePlaces", r."waitWeeks"
         FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, "capacityConfirmedAt" timestamptz, "totalPlaces" int, "freePlaces" int, "waitWeeks" int)`,
      [json],
    );
    progress(batch.length * 2);
  }

  for (const [table, column, rows] of [
    ['offering_specialism', 'specialism_code', specialisms],
    ['offering_contract', 'region_code', contracts],
  ] as const) {
    for (const batch of chunks(rows, size * 5)) {
      await manager.query(
        `INSERT INTO social_map.${table} (offering_id, ${column}) SELECT * FROM unnest($1::uuid[], $2::varchar[]) ON CONFLICT DO NOTHING`,
        [batch.map((r) => r.o), batch.map((r) => r.c)],
      );
      progress(batch.length);
    }
  }

  await refreshSearchText(manager, 'all');
  // fresh statistics, so the first searches after a seed get sensible plans (ANALYZE may run in a transaction; VACUUM may not)
  await manager.query(`ANALYZE social_map.provider, social_map.location, social_map.offering, social_map.offering_specialism, social_map.offering_contract`);
  if (options.indexJobs !== false && offerings.length) {
    await writeOutbox(manager, OfferingChanged, chunks(offerings, 1_000).map((batch) => ({ offeringIds: batch.map((o) => o.id) })));
  }
  progress(offerings.length);
}
