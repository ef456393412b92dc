import { readFile } from 'node:fs/promises';
import type { EntityManager } from 'typeorm';
import { checkReferenceSet, readCodeLists, readMunicipalities, readRegions } from './domain/reference-files.js';

/** The data files ship beside the code: libs/reference/data (copied to dist by the build). */
export const REFERENCE_DATA_DIR = new URL('../data/', import.meta.url);

const read = (file: string) => readFile(new URL(file, REFERENCE_DATA_DIR), 'utf8');

/**
 * Brings the reference tables in line with the shipped files: inserts what is new, updates what
 * changed, in one transaction. Run by `npm run migrate` after the schema migrations; idempotent.
 */
export async function syncReferenceData(manager: EntityManager): Promise<{ regions: number; municipalities: number; codes: number }> {
  const regions = readRegions(await read('youth-regions-2025.csv'));
  const municipalities = readMunicipalities(await read('municipalities-2025.csv'));
  const codes = readCodeLists(await read('code-lists-3.2.csv'), await read('jz020-product-categories.csv'));
  const problems = checkReferenceSet(regions, municipalities);
  if (problems.length) throw new Error(`reference data is inconsistent:\n  ${problems.join('\n  ')}`);

  await manager.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO reference.region (code, name, main_province, inspection_area, municipality_count, population)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(code text, name text, "mainProvince" text, "inspectionArea" text, "municipalityCount" int, population int)
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, main_province = EXCLUDED.main_province,
         inspection_area = EXCLUDED.inspection_area, municipality_count = EXCLUDED.municipality_count, population = EXCLUDED.population`,
      [JSON.stringify(regions)],
    );
    await tx.query(
      `INSERT INTO reference.municipality (code, name, province, region_code, latitude, longitude, population, area_km2, region_confidence)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS m(code text, name text, province text, "regionCode" text, latitude float8, longitude float8, population int, "areaKm2" numeric, "regionConfidence" text)
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, province = EXCLUDED.province, region_code = EXCLUDED.region_code,
         latitude = EXCLUDED.latitude, longitude = EXCLUDED.longitude, population = EXCLUDED.population,
         area_km2 = EXCLUDED.area_km2, region_confidence = EXCLUDED.region_confidence`,
      [JSON.stringify(municipalities)],
    );
    await tx.query(
      `INSERT INTO reference.code_list_entry (list_code, code, list_name, value, historic)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS c("listCode" text, code text, "listName" text, value text, historic boolean)
       ON CONFLICT (list_code, code) DO UPDATE SET list_name = EXCLUDED.list_name, value = EXCLUDED.value, historic = EXCLUDED.historic`,
      [JSON.stringify(codes)],
    );
  });
  return { regions: regions.length, municipalities: municipalities.length, codes: codes.length };
}
