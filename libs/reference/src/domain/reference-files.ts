import { parseCsv } from './csv.js';

export interface Region {
  code: string;
  name: string;
  mainProvince: string;
  inspectionArea: string;
  municipalityCount: number;
  population: number;
}

export interface Municipality {
  code: string;
  name: string;
  province: string;
  regionCode: string;
  latitude: number | null;
  longitude: number | null;
  population: number;
  areaKm2: number;
  regionConfidence: 'high' | 'medium' | 'low' | 'corrected';
}

export interface CodeListEntry {
  listCode: string;
  listName: string;
  code: string;
  value: string;
  /** JZ020: 2015 categories no longer used for new allocations */
  historic: boolean;
}

const optionalNumber = (s: string): number | null => (s.trim() === '' ? null : Number(s));

/** Reads the shipped data files into typed records, checking what the rest of Passend relies on. */
export function readRegions(csv: string): Region[] {
  return parseCsv(csv).map((r) => ({
    code: r.youth_region_code!,
    name: r.name!,
    mainProvince: r.main_province!,
    inspectionArea: r.inspection_area!,
    municipalityCount: Number(r.municipalities),
    population: Number(r.population),
  }));
}

export function readMunicipalities(csv: string): Municipality[] {
  return parseCsv(csv).map((r) => ({
    code: r.municipality_code!,
    name: r.name!,
    province: r.province!,
    regionCode: r.youth_region_code!,
    latitude: optionalNumber(r.lat!),
    longitude: optionalNumber(r.lon!),
    population: Number(r.population),
    areaKm2: Number(r.area_km2),
    regionConfidence: r.region_confidence as Municipality['regionConfidence'],
  }));
}

export function readCodeLists(codeListsCsv: string, jz020Csv: string): CodeListEntry[] {
  const historicJz020 = new Set(parseCsv(jz020Csv).filter((r) => r.historisch_2015 === 'ja').map((r) => r.code));
  return parseCsv(codeListsCsv).map((r) => ({
    listCode: r.lijstcode!,
    listName: r.lijstnaam!,
    code: r.code!,
    value: r.waarde!,
    historic: r.lijstcode === 'JZ020' && historicJz020.has(r.code!),
  }));
}

/** Consistency of the set: every municipality in a known region, counts as the region file says. */
export function checkReferenceSet(regions: Region[], municipalities: Municipality[]): string[] {
  const problems: string[] = [];
  const byRegion = new Map(regions.map((r) => [r.code, 0]));
  for (const m of municipalities) {
    if (!/^GM\d{4}$/.test(m.code)) problems.push(`municipality code ${m.code} is not GM####`);
    if (!byRegion.has(m.regionCode)) problems.push(`municipality ${m.code} is in unknown region ${m.regionCode}`);
    else byRegion.set(m.regionCode, byRegion.get(m.regionCode)! + 1);
  }
  for (const r of regions) {
    if (byRegion.get(r.code) !== r.municipalityCount) problems.push(`region ${r.code} lists ${r.municipalityCount} municipalities, the file has ${byRegion.get(r.code)}`);
  }
  return problems;
}
