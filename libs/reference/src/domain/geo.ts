/**
 * Points and the youth-care region polygons (GeoJSON, WGS84). The polygons are simplified for a
 * map, so a point within `toleranceKm` of a region still counts as in it: a real address near a
 * border or on the coast is not refused for a line drawn a few hundred metres off.
 */
export type Ring = [number, number][]; // [longitude, latitude]
export type Polygon = Ring[]; // outer ring, then holes
export interface RegionShape {
  code: string;
  polygons: Polygon[];
}

function inRing(lon: number, lat: number, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function inPolygon(lon: number, lat: number, polygon: Polygon): boolean {
  const [outer, ...holes] = polygon;
  return !!outer && inRing(lon, lat, outer) && !holes.some((h) => inRing(lon, lat, h));
}

/** Great-circle distance in kilometres (haversine). */
export function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const toRad = (d: number) => (d * Math.PI) / 180;
  const dLat = toRad(lat2 - lat1);
  const dLon = toRad(lon2 - lon1);
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(toRad(lat1)) * Math.cos(toRad(lat2)) * Math.sin(dLon / 2) ** 2;
  return 6371.0088 * 2 * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** The region whose polygon holds the point, else the nearest within the tolerance, else undefined. */
export function regionAt(shapes: RegionShape[], lat: number, lon: number, toleranceKm = 2): string | undefined {
  for (const s of shapes) if (s.polygons.some((p) => inPolygon(lon, lat, p))) return s.code;
  // around the point: 8 compass points at the tolerance distance
  const dLat = toleranceKm / 111.2;
  const dLon = toleranceKm / (111.2 * Math.cos((lat * Math.PI) / 180));
  for (const [a, b] of [[1, 0], [-1, 0], [0, 1], [0, -1], [0.7, 0.7], [0.7, -0.7], [-0.7, 0.7], [-0.7, -0.7]] as const) {
    for (const s of shapes) if (s.polygons.some((p) => inPolygon(lon + b * dLon, lat + a * dLat, p))) return s.code;
  }
  return undefined;
}

interface GeoJson {
  features: { id?: string; properties: { statcode: string }; geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown } }[];
}

export function readRegionShapes(geojson: string): RegionShape[] {
  const parsed = JSON.parse(geojson) as GeoJson;
  return parsed.features.map((f) => ({
    code: f.properties.statcode,
    polygons: f.geometry.type === 'Polygon' ? [f.geometry.coordinates as Polygon] : (f.geometry.coordinates as Polygon[]),
  }));
}
