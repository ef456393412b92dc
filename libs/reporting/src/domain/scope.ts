/**
 * What a dashboard is about. A youth-care region by its code (JZ22), or one of the inspection's 11
 * areas by its name ('Utrecht & Flevoland'), which adds up the regions in it: an area's figures
 * are counted over all its children together, never averaged over its regions.
 */
export interface RegionRef {
  code: string;
  name: string;
  inspectionArea: string;
}

export type DashboardScope =
  | { kind: 'region'; key: string; name: string; inspectionArea: string; regionCodes: string[] }
  | { kind: 'inspection_area'; key: string; name: string; inspectionArea: string; regionCodes: string[] };

const REGION_CODE = /^JZ\d{2}$/;

/** The region or inspection area `key` names (exactly, as the reference data spells it), or undefined. */
export function resolveScope(key: string, regions: readonly RegionRef[]): DashboardScope | undefined {
  if (REGION_CODE.test(key)) {
    const region = regions.find((r) => r.code === key);
    return region && { kind: 'region', key, name: region.name, inspectionArea: region.inspectionArea, regionCodes: [region.code] };
  }
  const inArea = regions.filter((r) => r.inspectionArea === key).map((r) => r.code).sort();
  return inArea.length > 0 ? { kind: 'inspection_area', key, name: key, inspectionArea: key, regionCodes: inArea } : undefined;
}
