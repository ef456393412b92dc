import { DEMO_ORGANISATIONS, findSyntheticOrganisations } from '@passend/identity';
import type { EntityManager } from 'typeorm';
import { refreshSearchText } from '../search/search-text.js';

/**
 * The demo provider account's own corner of the map, so that signing in as
 * aanbieder@demo.passend.nl shows offerings to keep up to date. Idempotent.
 */
export async function seedDemoProviderCatalog(manager: EntityManager): Promise<{ offerings: number }> {
  const demo = DEMO_ORGANISATIONS.find((o) => o.kind === 'provider')!;
  const [org] = await findSyntheticOrganisations(manager, [demo.name]);
  if (!org) return { offerings: 0 };
  const existing = (await manager.query(`SELECT count(*)::int AS n FROM social_map.offering WHERE provider_id = $1`, [org.id])) as { n: number }[];
  if (existing[0]!.n > 0) return { offerings: 0 };
  return manager.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO social_map.provider (id, name, description, website, synthetic)
       VALUES ($1, $2, 'Synthetische demo-aanbieder: jeugdhulp in en rond Utrecht, van ambulante gezinsbegeleiding tot gezinshuizen.', 'https://example.org/de-linde', true)
       ON CONFLICT (id) DO NOTHING`,
      [org.id, demo.name],
    );
    const [location] = (await tx.query(
      `INSERT INTO social_map.location (provider_id, name, street, postcode, city, municipality_code, latitude, longitude)
       VALUES ($1, 'De Linde Oudwijk', 'Oudwijk 12', '3581 JK', 'Utrecht', 'GM0344', 52.0889, 5.1342) RETURNING id`,
      [org.id],
    )) as { id: string }[];
    const offerings = [
      ['Gezinshuis De Linde', '43', 'family_home', 4, 17.5, 4, 1, 6, ['family_home_care', 'trauma_treatment'], 'Kleinschalig gezinshuis waar kinderen met trauma een veilige plek vinden.'],
      ['Ambulante gezinsbegeleiding De Linde', '45', 'outpatient', 0, 18, 30, 6, 2, ['outpatient_family_support', 'complex_divorce'], 'Begeleiding thuis voor gezinnen in een complexe scheiding.'],
      ['Traumabehandeling jeugd De Linde', '54', 'outpatient', 6, 18, 12, 0, 10, ['trauma_treatment', 'youth_mental_health'], 'Traumabehandeling (EMDR, TF-CBT) voor jeugdigen met een beschermingsmaatregel.'],
    ] as const;
    const ids: string[] = [];
    for (const [name, category, setting, minAge, maxAge, total, free, wait, specialisms, description] of offerings) {
      const [row] = (await tx.query(
        `INSERT INTO social_map.offering (provider_id, location_id, name, category_code, setting, min_age, max_age, total_places, free_places, wait_weeks, description_nl)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
        [org.id, location!.id, name, category, setting, minAge, maxAge, total, free, wait, description],
      )) as { id: string }[];
      ids.push(row!.id);
      await tx.query(`INSERT INTO social_map.offering_specialism (offering_id, specialism_code) SELECT $1, unnest($2::varchar[])`, [row!.id, specialisms]);
      await tx.query(`INSERT INTO social_map.offering_contract (offering_id, region_code) VALUES ($1, 'JZ22'), ($1, 'JZ26')`, [row!.id]);
      await tx.query(`INSERT INTO social_map.capacity_event (offering_id, kind, new_total, new_free, new_wait) VALUES ($1, 'created', $2, $3, $4)`, [row!.id, total, free, wait]);
    }
    await refreshSearchText(tx, ids);
    return { offerings: ids.length };
  });
}
