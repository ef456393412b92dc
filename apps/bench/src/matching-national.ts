import type { AssignmentInstance } from '@passend/matching/domain';
import { Random } from '@passend/platform';

/**
 * The national instance of the matching benchmark (seeded, reproducible): waiting children and
 * offerings in 42 youth-care regions on a 300 x 260 km map. Each child is eligible for about 50
 * offerings: mostly in its own region, the nearer the likelier, some in the nearest other regions.
 * Most offerings have no free place (the waiting list is long because places are scarce); fit
 * (1..1000) combines the kind of help and the distance.
 */
export interface NationalSettings {
  seed: number;
  children: number;
  offerings: number;
  regions: number;
  /** about this many eligible offerings per child */
  edgesPerChild: number;
  /** of which this share in the child's own region */
  ownRegionShare: number;
  /** share of offerings with at least one free place */
  openShare: number;
}

export const NATIONAL: NationalSettings = {
  seed: 20_260_302,
  children: 10_000,
  offerings: 20_000,
  regions: 42,
  edgesPerChild: 50,
  ownRegionShare: 0.8,
  openShare: 0.3,
};

export interface NationalInstance {
  instance: AssignmentInstance;
  childRegion: Int32Array;
  offeringRegion: Int32Array;
  settings: NationalSettings;
}

const KINDS = 12;

export function generateNationalInstance(settings: NationalSettings = NATIONAL): NationalInstance {
  const random = new Random(settings.seed);
  const { regions, children, offerings } = settings;
  // regions: a centre and a size (population weight)
  const regionX = new Float64Array(regions);
  const regionY = new Float64Array(regions);
  const regionWeight: [number, number][] = [];
  for (let r = 0; r < regions; r++) {
    regionX[r] = 20 + random.float() * 260;
    regionY[r] = 20 + random.float() * 220;
    regionWeight.push([r, 0.4 + random.float() * 1.6]);
  }
  const gauss = () => {
    // Box-Muller (one of the pair)
    const u = 1 - random.float();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.float());
  };
  const place = (region: number, x: Float64Array, y: Float64Array, i: number) => {
    x[i] = regionX[region] + gauss() * 12;
    y[i] = regionY[region] + gauss() * 12;
  };

  const offeringRegion = new Int32Array(offerings);
  const offeringX = new Float64Array(offerings);
  const offeringY = new Float64Array(offerings);
  const offeringKind = new Int32Array(offerings);
  const capacity = new Int32Array(offerings);
  for (let o = 0; o < offerings; o++) {
    const region = random.weighted(regionWeight);
    offeringRegion[o] = region;
    place(region, offeringX, offeringY, o);
    offeringKind[o] = random.int(0, KINDS - 1);
    if (random.chance(settings.openShare)) {
      const p = random.float();
      capacity[o] = p < 0.75 ? 1 : p < 0.92 ? 2 : 3;
    }
  }
  // offerings per region
  const regionStart = new Int32Array(regions + 1);
  for (let o = 0; o < offerings; o++) regionStart[offeringRegion[o] + 1]++;
  for (let r = 0; r < regions; r++) regionStart[r + 1] += regionStart[r];
  const regionOfferings = new Int32Array(offerings);
  const fill = regionStart.slice(0, regions);
  for (let o = 0; o < offerings; o++) regionOfferings[fill[offeringRegion[o]]++] = o;
  // the three nearest other regions
  const neighbours = Array.from({ length: regions }, (_, r) =>
    Array.from({ length: regions }, (_, s) => s)
      .filter((s) => s !== r)
      .sort((a, b) => Math.hypot(regionX[a] - regionX[r], regionY[a] - regionY[r]) - Math.hypot(regionX[b] - regionX[r], regionY[b] - regionY[r]) || a - b)
      .slice(0, 3),
  );

  const childRegion = new Int32Array(children);
  const childX = new Float64Array(children);
  const childY = new Float64Array(children);
  const edgeChild: number[] = [];
  const edgeOffering: number[] = [];
  const edgeWeight: number[] = [];
  const takenIn = new Int32Array(offerings).fill(-1);
  const own = Math.round(settings.edgesPerChild * settings.ownRegionShare);
  const far = settings.edgesPerChild - own;
  for (let c = 0; c < children; c++) {
    const region = random.weighted(regionWeight);
    childRegion[c] = region;
    place(region, childX, childY, c);
    const kind = random.int(0, KINDS - 1);
    const candidates: { o: number; d: number }[] = [];
    const draw = (r: number, tries: number) => {
      const from = regionStart[r];
      const size = regionStart[r + 1] - from;
      for (let t = 0; t < tries && size > 0; t++) {
        const o = regionOfferings[from + random.int(0, size - 1)];
        if (takenIn[o] === c) continue;
        takenIn[o] = c;
        candidates.push({ o, d: Math.hypot(offeringX[o] - childX[c], offeringY[o] - childY[c]) });
      }
    };
    // own region: draw 1.5x as many and keep the nearest (locality)
    draw(region, Math.round(own * 1.5));
    candidates.sort((a, b) => a.d - b.d || a.o - b.o);
    candidates.length = Math.min(candidates.length, own);
    for (let k = 0; k < far; k++) draw(neighbours[region][k % 3], 1);
    for (const { o, d } of candidates) {
      const kindFit = offeringKind[o] === kind ? 1 : Math.abs(offeringKind[o] - kind) === 1 ? 0.55 : 0.2;
      const score = 0.5 * kindFit + 0.4 * Math.exp(-d / 40) + 0.1 * random.float();
      edgeChild.push(c);
      edgeOffering.push(o);
      edgeWeight.push(Math.max(1, Math.min(1_000, 1 + Math.floor(999 * score))));
    }
  }
  return {
    instance: {
      children,
      offerings,
      capacity,
      edgeChild: Int32Array.from(edgeChild),
      edgeOffering: Int32Array.from(edgeOffering),
      edgeWeight: Float64Array.from(edgeWeight),
    },
    childRegion,
    offeringRegion,
    settings,
  };
}
