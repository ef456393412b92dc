import { Injectable } from '@nestjs/common';
import { DomainError } from '@passend/platform';
import { DataSource } from 'typeorm';
import { readFile } from 'node:fs/promises';
import { readRegionShapes, regionAt, type RegionShape } from './domain/geo.js';
import type { CodeListEntry, Municipality, Region } from './domain/reference-files.js';
import { REFERENCE_DATA_DIR } from './reference-loader.js';

interface Snapshot {
  regions: Region[];
  regionByCode: Map<string, Region>;
  municipalities: Municipality[];
  municipalityByCode: Map<string, Municipality>;
  codeLists: Map<string, CodeListEntry[]>;
  shapes: RegionShape[];
}

/**
 * Reference data, read once from the database and held in memory: it changes only with a
 * release. Other libraries use it to check codes (region, municipality, category) without a query.
 */
@Injectable()
export class ReferenceCatalog {
  private snapshot?: Promise<Snapshot>;

  constructor(private readonly dataSource: DataSource) {}

  private load(): Promise<Snapshot> {
    this.snapshot ??= (async () => {
      const regions = (await this.dataSource.query(
        `SELECT code, name, main_province AS "mainProvince", inspection_area AS "inspectionArea",
                municipality_count AS "municipalityCount", population FROM reference.region ORDER BY code`,
      )) as Region[];
      const municipalities = (await this.dataSource.query(
        `SELECT code, name, province, region_code AS "regionCode", latitude, longitude, population,
                area_km2::float8 AS "areaKm2", region_confidence AS "regionConfidence" FROM reference.municipality ORDER BY name`,
      )) as Municipality[];
      const entries = (await this.dataSource.query(
        `SELECT list_code AS "listCode", list_name AS "listName", code, value, historic
           FROM reference.code_list_entry ORDER BY list_code, lpad(code, 10, '0')`,
      )) as CodeListEntry[];
      const codeLists = new Map<string, CodeListEntry[]>();
      for (const e of entries) codeLists.set(e.listCode, [...(codeLists.get(e.listCode) ?? []), e]);
      const shapes = readRegionShapes(await readFile(new URL('youth-regions-2025.geojson', REFERENCE_DATA_DIR), 'utf8'));
      return {
        shapes,
        regions,
        regionByCode: new Map(regions.map((r) => [r.code, r])),
        municipalities,
        municipalityByCode: new Map(municipalities.map((m) => [m.code, m])),
        codeLists,
      };
    })().catch((error: unknown) => {
      this.snapshot = undefined;
      throw error;
    });
    return this.snapshot;
  }

  async regions(filter: { inspectionArea?: string } = {}): Promise<Region[]> {
    const { regions } = await this.load();
    return filter.inspectionArea ? regions.filter((r) => r.inspectionArea === filter.inspectionArea) : regions;
  }

  async region(code: string): Promise<Region | undefined> {
    return (await this.load()).regionByCode.get(code);
  }

  async municipality(code: string): Promise<Municipality | undefined> {
    return (await this.load()).municipalityByCode.get(code);
  }

  /** All municipalities, or those of one region; an unknown region is a 400 naming the field. */
  async municipalities(regionCode?: string): Promise<Municipality[]> {
    const snapshot = await this.load();
    if (regionCode === undefined) return snapshot.municipalities;
    if (!snapshot.regionByCode.has(regionCode)) {
      throw DomainError.validation([{ field: 'region', message: `${regionCode} is not a youth-care region` }]);
    }
    return snapshot.municipalities.filter((m) => m.regionCode === regionCode);
  }

  async codeLists(): Promise<{ list: string; name: string; entries: number }[]> {
    const { codeLists } = await this.load();
    return [...codeLists.entries()].map(([list, entries]) => ({ list, name: entries[0]!.listName, entries: entries.length }));
  }

  /** One iJw code list by its code (case-insensitive); unknown lists are a 404. */
  async codeList(list: string): Promise<{ list: string; name: string; entries: CodeListEntry[] }> {
    const { codeLists } = await this.load();
    const key = [...codeLists.keys()].find((k) => k.toLowerCase() === list.toLowerCase());
    if (!key) throw DomainError.notFound(`Code list ${list}`);
    const entries = codeLists.get(key)!;
    return { list: key, name: entries[0]!.listName, entries };
  }

  /** The youth-care region a point lies in (polygons, 2 km tolerance); undefined outside the Netherlands. */
  async regionAt(latitude: number, longitude: number): Promise<string | undefined> {
    return regionAt((await this.load()).shapes, latitude, longitude);
  }

  async isCode(list: string, code: string): Promise<boolean> {
    const { codeLists } = await this.load();
    return codeLists.get(list)?.some((e) => e.code === code) ?? false;
  }
}
