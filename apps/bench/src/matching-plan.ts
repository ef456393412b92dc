import { planMatching, type MatchChild, type MatchOffering, type Plan } from '@passend/matching/domain';
import { Random } from '@passend/platform';

/**
 * The whole plan of a national matching run on domain objects, as the run service hands it over
 * after reading the ports: every waiting child against every offering of its category through the
 * hard rules and the fit score, then the solver. Seeded and synthetic (no database): 10,000
 * children and 20,000 offerings in 42 regions across the Netherlands' bounding box, 14 JZ020
 * categories, ages, specialisms, settings, exclusions, contracts, about 8,000 free places.
 */
export interface PlanFigures {
  children: number;
  offerings: number;
  edges: number;
  placed: number;
  totalFit: number;
  optimal: boolean;
  /** eligibility + fit + solve, from the objects to the plan */
  seconds: number;
}

const CATEGORIES = ['40', '41', '42', '43', '44', '45', '46', '47', '48', '49', '50', '51', '52', '53'];
const SETTINGS = ['outpatient', 'day_treatment', 'foster_care', 'family_home', 'residential', 'crisis'];
const SPECIALISMS = ['trauma_treatment', 'autism', 'adhd', 'youth_mental_health', 'mild_intellectual_disability', 'complex_divorce', 'addiction_care', 'domestic_violence'];
const EXCLUSIONS = ['acute_suicidality', 'active_psychosis', 'severe_addiction', 'arson_history'];

export function generatePlanInput(seed: number, children = 10_000, offerings = 20_000, freePlaces = 8_000) {
  const random = new Random(seed);
  const regions = Array.from({ length: 42 }, (_, r) => ({ code: `JZ${String(r + 1).padStart(2, '0')}`, lat: 50.9 + random.float() * 2.4, lon: 3.7 + random.float() * 3.2 }));
  const near = (r: (typeof regions)[number]) => ({ lat: r.lat + (random.float() - 0.5) * 0.4, lon: r.lon + (random.float() - 0.5) * 0.6 });
  const pickSome = <T>(list: readonly T[], max: number) => list.filter(() => random.float() < max / list.length);
  const offeringList: MatchOffering[] = Array.from({ length: offerings }, (_, i) => {
    const region = regions[random.int(0, regions.length - 1)]!;
    const minAge = random.pick([0, 4, 12]);
    return {
      key: `o${String(i).padStart(6, '0')}`,
      providerId: `p${random.int(0, 8_500 - 1)}`,
      regionCode: region.code,
      municipalityCode: `GM${String(random.int(0, 9_999 - 1)).padStart(4, '0')}`,
      location: near(region),
      categoryCode: random.pick(CATEGORIES),
      setting: random.pick(SETTINGS),
      specialismCodes: pickSome(SPECIALISMS, 2),
      minAge,
      maxAge: minAge === 0 ? 11 : 17,
      exclusionCodes: pickSome(EXCLUSIONS, 0.6),
      uncodedExclusions: [],
      requiresSecureAuthorisation: false,
      acceptsOtherRegions: random.float() < 0.9,
      contractedRegionCodes: [region.code],
      freePlaces: 0,
      waitWeeks: random.int(0, 20 - 1),
      capacityStatus: 'open',
      capacityConfirmedAt: new Date(Date.UTC(2026, 11, 7 - random.int(0, 30 - 1))).toISOString(),
      provider: { accepted: random.int(0, 10 - 1), declined: random.int(0, 4 - 1), declinedForCapacity: random.int(0, 2 - 1) },
    };
  });
  for (let p = 0; p < freePlaces; p++) offeringList[random.int(0, offerings - 1)]!.freePlaces++;
  const childList: MatchChild[] = Array.from({ length: children }, (_, i) => {
    const region = regions[random.int(0, regions.length - 1)]!;
    const year = 2008 + random.int(0, 18 - 1);
    return {
      key: `c${String(i).padStart(6, '0')}`,
      measureId: `m${i}`,
      institutionId: `gi${random.int(0, 20 - 1)}`,
      dateOfBirth: `${year}-${String(1 + random.int(0, 12 - 1)).padStart(2, '0')}-15`,
      homeRegionCode: region.code,
      homeMunicipalityCode: 'GM0000',
      home: near(region),
      network: null,
      categoryCode: random.pick(CATEGORIES),
      specialismCodes: pickSome(SPECIALISMS, 0.4),
      settingConstraints: [],
      secureAuthorisation: null,
      urgency: random.pick(['regular', 'regular', 'regular', 'urgent', 'acute'] as const),
      circumstanceCodes: pickSome(EXCLUSIONS, 0.2),
      keepWithSiblings: false,
      siblingGroup: null,
      siblingCount: 1,
      maxDistanceKm: random.float() < 0.5 ? 50 : null,
      rulingDate: `2026-${String(1 + random.int(0, 11 - 1)).padStart(2, '0')}-01`,
      fittingHelpDueOn: '2027-01-01',
      expectedStart: '2026-12-07',
      siblingOfferingKeys: [],
      brokenPlacements: 0,
      otherOpenNeeds: 0,
    };
  });
  return { children: childList, offerings: offeringList };
}

export function timePlan(seed: number): { figures: PlanFigures; plan: Plan } {
  const input = generatePlanInput(seed);
  const started = performance.now();
  const plan = planMatching({ ...input, now: new Date('2026-12-07T12:00:00Z'), today: '2026-12-07' });
  const seconds = (performance.now() - started) / 1000;
  return {
    plan,
    figures: { children: input.children.length, offerings: input.offerings.length, edges: plan.edges, placed: plan.placed, totalFit: plan.totalFit, optimal: plan.objective === plan.dualBound, seconds },
  };
}
