import type { Setting } from '@passend/reference/domain';
import type { ChildIdentity } from '../children/personal-data.js';
import type { Explanation, ExplanationReasonCode } from '../domain/explanation-reasons.js';
import { addCalendarMonths, addDays, compareDates, daysBetween, isWorkingDay, type LocalDate } from '../domain/local-date.js';
import { dueDate, MILESTONES, type Milestone } from '../domain/norm-clock.js';
import type { AgreeingParty, AssignmentKind, MeasureKind, NeedUrgency, Speaker } from '../entities.js';
import { regionStatus, share, type RegionNorm, type RegionStatus } from '../domain/region-status.js';
import { areaProfile, DEMO_INSTITUTION_REGION } from './area-profiles.js';
import * as F from './fragments.js';
import { mixSeed, Random, WeightedTable } from '@passend/platform';
import { uniqueSyntheticBsn } from './synthetic-bsn.js';

/**
 * The synthetic case records as pure data (nothing encrypted yet, nothing written): children with
 * synthetic names and BSNs over the real municipalities (weighted by population), their open
 * protection measures, guardian assignments with their history, needs, the three norm milestones
 * met on time or late (with an explanation) or still open, the family's experience of the help,
 * what the family said, and the timeline events the services would have written.
 *
 * How well each inspection area keeps the norms follows `AREA_PROFILES`. The dashboards judge an
 * area on few children (its status comes from the due dates of the last 3 months: a dozen or so
 * children in Zeeland at demo scale), so drawing on-time milestones one by one would colour small
 * areas by chance. Instead, per inspection area and milestone, the milestones whose due date has
 * passed are taken newest due date first, and the k-th is on time exactly when that keeps the
 * on-time count of the first k near the profile's share and, from 5 children on (fewer are not
 * judged), inside the band of the intended colour under the default thresholds. So every window
 * the dashboard can choose ("the last 3, 6, 12 months") shows the intended colour, while youth-care
 * regions within an area still differ.
 *
 * Due dates as the dashboard judges them: fitting help against the 3-month term. A measure with an
 * earlier, urgent help date is on time only by that date (the clock's rule), and a late one is late
 * by both, so the clock and the dashboard never disagree about on time or late.
 */

export const DEFAULT_CASE_SEED = 2026;

export interface SeedCaseMunicipality {
  code: string;
  regionCode: string;
  inspectionArea: string;
  population: number;
}

export interface SeedCaseOffering {
  id: string;
  regionCode: string;
  inspectionArea: string;
  categoryCode: string;
  setting: Setting;
  minAge: number;
  maxAge: number;
  acceptsOtherRegions: boolean;
}

export interface SeedCaseInstitution {
  key: string;
  id: string;
  /** the area it serves; null for a national institution */
  inspectionArea: string | null;
  focus?: 'mild_intellectual_disability' | 'juvenile_probation';
  /** the demo institution: takes the children of DEMO_INSTITUTION_REGION */
  demo?: boolean;
}

/** A guardian who exists already (the demo account) and gets a caseload of at most `maxCases`. */
export interface ExistingGuardian {
  id: string;
  institutionKey: string;
  maxCases: number;
}

export interface CaseGeneratorInput {
  municipalities: readonly SeedCaseMunicipality[];
  /** active offerings of the social map; none: no fitting help is recorded (it needs an offering) */
  offerings: readonly SeedCaseOffering[];
  institutions: readonly SeedCaseInstitution[];
  existingGuardians?: readonly ExistingGuardian[];
  seed: number;
  /** today in Amsterdam: rulings lie before it, nothing is met after it */
  today: LocalDate;
  /** open measures to make */
  count: number;
  /** guardian accounts are numbered from here: jb-001, jb-002, … */
  firstGuardianNumber?: number;
}

export interface GeneratedGuardian {
  id: string;
  institutionId: string;
  email: string;
  displayName: string;
}

export interface GeneratedChild {
  id: string;
  identity: ChildIdentity;
  homeMunicipalityCode: string;
  networkMunicipalityCode: string | null;
}

export interface GeneratedMeasure {
  id: string;
  childId: string;
  kind: MeasureKind;
  rulingDate: LocalDate;
  endDate: LocalDate | null;
  institutionId: string;
  urgent: boolean;
  urgentHelpDueOn: LocalDate | null;
  createdBy: string;
  /** Amsterdam local time 'YYYY-MM-DD HH:MM:SS' of the case_opened event and of the last event */
  createdAt: string;
  updatedAt: string;
  version: number;
  regionCode: string;
  inspectionArea: string;
  siblings: boolean;
}

export interface GeneratedAssignment {
  id: string;
  measureId: string;
  guardianUserId: string;
  kind: AssignmentKind;
  fromDate: LocalDate;
  toDate: LocalDate | null;
  createdBy: string;
  at: string;
}

export interface GeneratedNeed {
  id: string;
  measureId: string;
  categoryCode: string;
  specialismCodes: string[];
  settingConstraints: string[];
  secureAuthorisationFrom: LocalDate | null;
  secureAuthorisationTo: LocalDate | null;
  urgency: NeedUrgency;
  keepWithSiblings: boolean;
  maxDistanceKm: number | null;
  notes: string | null;
  recordedBy: string;
  at: string;
}

export interface GeneratedMilestone {
  id: string;
  measureId: string;
  kind: Milestone;
  metOn: LocalDate;
  explanation: Explanation | null;
  agreedBy: AgreeingParty[] | null;
  offeringId: string | null;
  recordedBy: string;
  at: string;
}

export interface GeneratedExperience {
  id: string;
  milestoneId: string;
  followUpOn: LocalDate;
  childExperiencesFitting: boolean | null;
  parentsExperienceFitting: boolean | null;
  professionalExplanation: string;
  recordedBy: string;
  at: string;
}

export interface GeneratedVoice {
  id: string;
  measureId: string;
  milestoneKind: Milestone | null;
  speaker: Speaker;
  statement: string;
  recordedBy: string;
  at: string;
}

export interface GeneratedEvent {
  measureId: string;
  at: string;
  actorUserId: string;
  kind: 'case_opened' | 'guardian_assigned' | 'need_added' | 'milestone_recorded' | 'help_experience_recorded' | 'client_voice_recorded';
  summary: string;
  refs: Record<string, string | number | boolean | null | string[]>;
}

export interface GeneratedCases {
  guardians: GeneratedGuardian[];
  children: GeneratedChild[];
  measures: GeneratedMeasure[];
  assignments: GeneratedAssignment[];
  needs: GeneratedNeed[];
  milestones: GeneratedMilestone[];
  experiences: GeneratedExperience[];
  voices: GeneratedVoice[];
  /** per measure in the order they happened */
  events: GeneratedEvent[];
  /** false when the social map had no offering: then no fitting help milestone is recorded */
  fittingHelpRecorded: boolean;
}

// --- distributions ---------------------------------------------------------------------------

/** Share of measures by kind (of the open measures): OTS ~65%, provisional ~10%, guardianship ~15%, juvenile probation ~10%. */
export const MEASURE_KIND_SHARES: Readonly<Record<MeasureKind, number>> = {
  supervision_order: 0.65,
  provisional_supervision_order: 0.1,
  guardianship: 0.15,
  juvenile_probation: 0.1,
};

/** Children per family drawn (siblings share a measure kind, ruling date, institution and home). */
const FAMILY_SIZES: readonly (readonly [number, number])[] = [[1, 0.82], [2, 0.13], [3, 0.05]];
const MEAN_FAMILY_SIZE = FAMILY_SIZES.reduce((s, [n, p]) => s + n * p, 0);

/** Family kinds, corrected for family size so that the measures come out at MEASURE_KIND_SHARES (juvenile probation is never a sibling group). */
const FAMILY_KINDS: readonly (readonly [MeasureKind, number])[] = (Object.entries(MEASURE_KIND_SHARES) as [MeasureKind, number][]).map(([kind, share]) => [
  kind,
  kind === 'juvenile_probation' ? share : share / MEAN_FAMILY_SIZE,
]);

/** How far back open rulings go, in days: a provisional order lasts 3 months, probation about a year. */
const RULING_WINDOW_DAYS: Record<MeasureKind, number> = {
  supervision_order: 545,
  provisional_supervision_order: 84,
  guardianship: 545,
  juvenile_probation: 330,
};

/** Age at the ruling in years: [from, to) with weight. */
const AGE_BANDS: Record<MeasureKind, readonly (readonly [readonly [number, number], number])[]> = {
  supervision_order: [[[0, 4], 18], [[4, 8], 20], [[8, 12], 24], [[12, 16], 28], [[16, 18], 10]],
  provisional_supervision_order: [[[0, 4], 28], [[4, 8], 20], [[8, 12], 20], [[12, 16], 24], [[16, 18], 8]],
  guardianship: [[[0, 4], 15], [[4, 8], 20], [[8, 12], 22], [[12, 16], 28], [[16, 18], 15]],
  juvenile_probation: [[[12, 14], 12], [[14, 16], 40], [[16, 18], 48]],
};

/** The setting of the first need, by measure kind. */
const SETTINGS_BY_KIND: Record<MeasureKind, readonly (readonly [Setting, number])[]> = {
  supervision_order: [['outpatient', 66], ['day_treatment', 8], ['foster_care', 9], ['family_home', 4], ['residential', 9], ['crisis', 3], ['secure_residential', 1]],
  provisional_supervision_order: [['outpatient', 45], ['foster_care', 15], ['crisis', 20], ['residential', 12], ['family_home', 5], ['secure_residential', 3]],
  guardianship: [['foster_care', 50], ['family_home', 20], ['residential', 20], ['outpatient', 8], ['secure_residential', 2]],
  juvenile_probation: [['outpatient', 74], ['day_treatment', 6], ['residential', 10], ['secure_residential', 10]],
};

/** Current JZ020 product categories by setting (as the social map seed uses them). */
const CATEGORIES_BY_SETTING: Record<Setting, readonly (readonly [string, number])[]> = {
  outpatient: [['45', 62], ['54', 28], ['50', 5], ['52', 5]],
  day_treatment: [['41', 100]],
  foster_care: [['44', 100]],
  family_home: [['44', 70], ['43', 30]],
  residential: [['43', 70], ['44', 30]],
  secure_residential: [['43', 100]],
  crisis: [['46', 100]],
};

/** Specialisms (social map taxonomy) by measure kind; complex divorces are a large share of supervision orders. */
const SPECIALISMS_BY_KIND: Record<MeasureKind, readonly (readonly [string, number])[]> = {
  supervision_order: [
    ['complex_divorce', 40], ['domestic_violence', 14], ['outpatient_family_support', 12], ['trauma_treatment', 9], ['youth_mental_health', 8],
    ['mild_intellectual_disability', 5], ['adhd', 4], ['autism', 4], ['parent_child_care', 2], ['addiction_care', 2],
  ],
  provisional_supervision_order: [
    ['domestic_violence', 30], ['crisis_care', 20], ['complex_divorce', 15], ['parent_child_care', 12], ['trauma_treatment', 10], ['youth_mental_health', 8], ['addiction_care', 5],
  ],
  guardianship: [['foster_care', 30], ['trauma_treatment', 25], ['family_home_care', 15], ['youth_mental_health', 12], ['mild_intellectual_disability', 10], ['autism', 8]],
  juvenile_probation: [['juvenile_offending', 60], ['addiction_care', 12], ['youth_mental_health', 10], ['mild_intellectual_disability', 8], ['sexually_harmful_behaviour', 6], ['adhd', 4]],
};

const SETTING_SPECIALISM: Partial<Record<Setting, string>> = {
  foster_care: 'foster_care',
  family_home: 'family_home_care',
  secure_residential: 'secure_residential_care',
  crisis: 'crisis_care',
  day_treatment: 'day_treatment',
};

/** An overdue milestone is left open (not yet met) only for rulings this recent; older ones were met, late. */
const STILL_OPEN_MAX_AGE_DAYS: Record<Milestone, number> = { permanent_guardian: 240, agreed_course: 300, fitting_help: 365 };

/** Open cases per guardian (the sector aims at about 15). */
const CASES_PER_GUARDIAN = 13;
/** The status bands of the default thresholds (green from 90%, amber from 80%). */
const STATUS_BANDS = { green: [0.9, 1], amber: [0.8, 0.9], red: [0, 0.8] } as const;

// --- the generator ---------------------------------------------------------------------------

interface Family {
  kind: MeasureKind;
  municipality: SeedCaseMunicipality;
  institution: SeedCaseInstitution;
  rulingDate: LocalDate;
  familyName: string;
  size: number;
}

interface Draft {
  index: number;
  family: Family;
  child: GeneratedChild;
  measure: GeneratedMeasure;
  /** the clock's due dates (an urgent help date included) */
  dues: Record<Milestone, LocalDate>;
  /** the due dates the dashboard judges by (fitting help: the 3-month term) */
  judged: Record<Milestone, LocalDate>;
}

interface GuardianPool {
  institution: SeedCaseInstitution;
  members: { id: string; load: number; maxCases: number }[];
  coordinator: string;
}

export function generateCases(input: CaseGeneratorInput): GeneratedCases {
  if (!Number.isSafeInteger(input.count) || input.count < 0) throw new RangeError(`count must be a whole number of 0 or more, got ${input.count}`);
  if (input.municipalities.length === 0) throw new Error('no municipalities: load the reference data first');
  const today = input.today;
  const people = new Random(mixSeed(input.seed, 1));
  const ids = new Random(mixSeed(input.seed, 2));
  const life = new Random(mixSeed(input.seed, 4));
  const words = new Random(mixSeed(input.seed, 5));

  const municipalities = new WeightedTable(input.municipalities, (m) => m.population);
  const byRegion = new Map<string, SeedCaseMunicipality[]>();
  for (const m of input.municipalities) byRegion.set(m.regionCode, [...(byRegion.get(m.regionCode) ?? []), m]);
  const regionTables = new Map([...byRegion].map(([code, list]) => [code, new WeightedTable(list, (m) => m.population)]));

  const areaInstitution = new Map(input.institutions.filter((i) => i.inspectionArea && !i.demo).map((i) => [i.inspectionArea!, i]));
  const fallbackArea = input.institutions.find((i) => i.inspectionArea && !i.demo);
  const national = (focus: SeedCaseInstitution['focus']) => input.institutions.find((i) => i.focus === focus);
  const demo = input.institutions.find((i) => i.demo);

  const chooseInstitution = (kind: MeasureKind, municipality: SeedCaseMunicipality): SeedCaseInstitution => {
    if (demo && municipality.regionCode === DEMO_INSTITUTION_REGION) return demo;
    const lvb = national('mild_intellectual_disability');
    const jr = national('juvenile_probation');
    if (kind === 'juvenile_probation' && jr && people.chance(0.35)) return jr;
    if (kind !== 'juvenile_probation' && lvb && people.chance(0.09)) return lvb;
    if (kind !== 'juvenile_probation' && jr && people.chance(0.02)) return jr;
    const own = areaInstitution.get(municipality.inspectionArea) ?? fallbackArea ?? lvb ?? jr ?? demo;
    if (!own) throw new Error('no certified institution to give the cases to');
    return own;
  };

  // 1. families, children and the measures' skeletons
  const bsns = new Set<string>();
  const drafts: Draft[] = [];
  while (drafts.length < input.count) {
    const kind = people.weighted(FAMILY_KINDS);
    const municipality = municipalities.draw(people);
    const size = kind === 'juvenile_probation' ? 1 : Math.min(people.weighted(FAMILY_SIZES), input.count - drafts.length);
    let rulingDate = addDays(today, -people.int(0, RULING_WINDOW_DAYS[kind]));
    while (!isWorkingDay(rulingDate)) rulingDate = addDays(rulingDate, -1);
    const family: Family = { kind, municipality, institution: chooseInstitution(kind, municipality), rulingDate, familyName: people.pick(F.FAMILY_NAMES), size };
    const network = people.chance(0.25) ? regionTables.get(municipality.regionCode)!.draw(people) : null;
    for (let s = 0; s < size; s++) {
      const index = drafts.length;
      const child = makeChild(people, ids, bsns, family, today, network);
      const measure = makeMeasure(people, ids, family, child, today, size > 1);
      const dues = Object.fromEntries(
        MILESTONES.map((m) => [m, dueDate(m, measure.rulingDate, undefined, { urgentHelpDueDate: measure.urgentHelpDueOn })]),
      ) as Record<Milestone, LocalDate>;
      const judged = { ...dues, fitting_help: dueDate('fitting_help', measure.rulingDate) };
      drafts.push({ index, family, child, measure, dues, judged });
    }
  }

  // 2. guardians: enough per institution for about CASES_PER_GUARDIAN open cases each
  const guardians: GeneratedGuardian[] = [];
  const pools = new Map<string, GuardianPool>();
  let number = input.firstGuardianNumber ?? 1;
  for (const institution of input.institutions) {
    const cases = drafts.filter((d) => d.family.institution === institution).length;
    if (cases === 0) continue;
    const n = Math.max(2, Math.ceil(cases / CASES_PER_GUARDIAN));
    const members: GuardianPool['members'] = [];
    for (let i = 0; i < n; i++) {
      const id = ids.uuid();
      const displayName = `${words.pick(F.ADULT_GIVEN_NAMES)} ${words.pick(F.FAMILY_NAMES)}`;
      guardians.push({ id, institutionId: institution.id, email: `jb-${String(number++).padStart(3, '0')}@synthetisch.passend.test`, displayName });
      members.push({ id, load: 0, maxCases: Number.POSITIVE_INFINITY });
    }
    for (const g of input.existingGuardians ?? []) if (g.institutionKey === institution.key) members.push({ id: g.id, load: 0, maxCases: g.maxCases });
    pools.set(institution.id, { institution, members, coordinator: members[0]!.id });
  }

  // 3. which milestones were met in time: per inspection area and milestone, over those already due
  const onTime = new Map<string, boolean>();
  const groups = new Map<string, Draft[]>();
  for (const d of drafts) {
    for (const m of MILESTONES) {
      if (compareDates(d.judged[m], today) >= 0) continue;
      const key = `${d.measure.inspectionArea}|${m}`;
      let list = groups.get(key);
      if (!list) groups.set(key, (list = []));
      list.push(d);
    }
  }
  for (const [key, list] of groups) {
    const m = key.slice(key.lastIndexOf('|') + 1) as Milestone;
    const profile = areaProfile(list[0]!.measure.inspectionArea);
    const sorted = [...list].sort((a, b) => compareDates(b.judged[m], a.judged[m]) || a.index - b.index);
    onTimeSequence(sorted.length, profile.onTime[m]).forEach((inTime, i) => onTime.set(`${sorted[i]!.index}|${m}`, inTime));
  }

  // 4. each case's history
  const out: GeneratedCases = {
    guardians,
    children: [],
    measures: [],
    assignments: [],
    needs: [],
    milestones: [],
    experiences: [],
    voices: [],
    events: [],
    fittingHelpRecorded: input.offerings.length > 0,
  };
  const offerings = new OfferingIndex(input.offerings);
  for (const d of drafts) {
    const pool = pools.get(d.measure.institutionId)!;
    d.measure.createdBy = pool.coordinator;
    buildCase(d, pool, offerings, onTime, today, { life, ids, words }, out);
    out.children.push(d.child);
    out.measures.push(d.measure);
  }
  return out;
}

function makeChild(r: Random, ids: Random, bsns: Set<string>, family: Family, today: LocalDate, network: SeedCaseMunicipality | null): GeneratedChild {
  const boy = r.chance(0.51);
  const first = r.pick(boy ? F.BOY_NAMES : F.GIRL_NAMES);
  const givenNames = r.chance(0.35) ? `${first} ${r.pick(boy ? F.SECOND_NAMES.boy : F.SECOND_NAMES.girl)}` : first;
  const [from, to] = r.weighted(AGE_BANDS[family.kind]);
  let dateOfBirth = addDays(family.rulingDate, -r.int(Math.max(7, Math.round(from * 365.25)), Math.round(to * 365.25) - 1));
  // still a minor today (juvenile probation stays 12+ at the ruling: rulings are less than a year old)
  if (daysBetween(dateOfBirth, today) >= 6574) dateOfBirth = addDays(today, -r.int(6300, 6560));
  return {
    id: ids.uuid(),
    identity: { givenNames, familyName: family.familyName, bsn: uniqueSyntheticBsn(r, bsns), dateOfBirth },
    homeMunicipalityCode: family.municipality.code,
    networkMunicipalityCode: network?.code ?? null,
  };
}

function makeMeasure(r: Random, ids: Random, family: Family, child: GeneratedChild, today: LocalDate, siblings: boolean): GeneratedMeasure {
  const ruling = family.rulingDate;
  let endDate: LocalDate | null;
  switch (family.kind) {
    case 'supervision_order':
      // an OTS runs a year at most; an open one older than that was extended by a year
      endDate = addCalendarMonths(ruling, 12);
      if (compareDates(endDate, today) <= 0) endDate = addCalendarMonths(ruling, 24);
      break;
    case 'provisional_supervision_order':
      endDate = addCalendarMonths(ruling, 3);
      break;
    case 'guardianship':
      endDate = addCalendarMonths(child.identity.dateOfBirth, 216);
      break;
    case 'juvenile_probation':
      endDate = addCalendarMonths(ruling, r.pick([6, 9, 12]));
      if (compareDates(endDate, today) <= 0) endDate = addCalendarMonths(ruling, 12);
      break;
  }
  if (compareDates(endDate, today) <= 0) endDate = addDays(today, r.int(7, 60));
  const urgent = family.kind !== 'juvenile_probation' && r.chance(family.kind === 'provisional_supervision_order' ? 0.25 : 0.06);
  return {
    id: ids.uuid(),
    childId: child.id,
    kind: family.kind,
    rulingDate: ruling,
    endDate,
    institutionId: family.institution.id,
    urgent,
    urgentHelpDueOn: urgent ? addDays(ruling, r.int(7, 28)) : null,
    createdBy: '',
    createdAt: '',
    updatedAt: '',
    version: 1,
    regionCode: family.municipality.regionCode,
    inspectionArea: family.municipality.inspectionArea,
    siblings,
  };
}

/** Active offerings by region, area and setting, for the fitting help that started. */
class OfferingIndex {
  private readonly lists = new Map<string, SeedCaseOffering[]>();
  private readonly all: readonly SeedCaseOffering[];

  constructor(offerings: readonly SeedCaseOffering[]) {
    this.all = offerings;
    for (const o of offerings) {
      for (const key of [`r:${o.regionCode}|${o.setting}`, `a:${o.inspectionArea}|${o.setting}`, `r:${o.regionCode}|*`, `a:${o.inspectionArea}|*`]) {
        this.lists.set(key, [...(this.lists.get(key) ?? []), o]);
      }
      if (o.acceptsOtherRegions) this.lists.set(`*|${o.setting}`, [...(this.lists.get(`*|${o.setting}`) ?? []), o]);
    }
  }

  /** The child's region first, then the area, then elsewhere (accepting other regions); the setting before anything else; the age must fit. */
  pick(r: Random, regionCode: string, area: string, setting: Setting, age: number): SeedCaseOffering | null {
    for (const key of [`r:${regionCode}|${setting}`, `a:${area}|${setting}`, `*|${setting}`, `r:${regionCode}|*`, `a:${area}|*`]) {
      const fits = (this.lists.get(key) ?? []).filter((o) => o.minAge <= age && age <= o.maxAge);
      if (fits.length) return r.pick(fits);
    }
    const anyAge = this.all.filter((o) => o.minAge <= age && age <= o.maxAge);
    if (anyAge.length) return r.pick(anyAge);
    return this.all.length ? r.pick(this.all) : null;
  }
}

/** One change to a case, as a service would have written it: its events share a moment. */
interface Change {
  date: LocalDate;
  order: number;
  actor: string;
  events: Omit<GeneratedEvent, 'measureId' | 'at' | 'actorUserId'>[];
  stamp: ((at: string) => void)[];
}

const EVENT_ORDER = { opened: 0, temporary: 1, permanent: 2, need: 3, course: 4, help: 5, experience: 6, change: 7, voice: 8 } as const;

function yearsOld(dateOfBirth: LocalDate, on: LocalDate): number {
  return daysBetween(dateOfBirth, on) / 365.25;
}

function buildCase(
  d: Draft,
  pool: GuardianPool,
  offerings: OfferingIndex,
  onTime: Map<string, boolean>,
  today: LocalDate,
  streams: { life: Random; ids: Random; words: Random },
  out: GeneratedCases,
): void {
  const { life: r, ids, words } = streams;
  const { measure, child } = d;
  const ruling = measure.rulingDate;
  const profile = areaProfile(measure.inspectionArea);
  const dob = child.identity.dateOfBirth;
  const changes: Change[] = [];
  const openedOn = minDate(addDays(ruling, r.int(0, 2)), today);
  const change = (date: LocalDate, order: number, actor: string, ...events: Change['events']): Change => {
    const c: Change = { date: maxDate(date, openedOn), order, actor, events, stamp: [] };
    changes.push(c);
    return c;
  };
  const opened = change(openedOn, EVENT_ORDER.opened, pool.coordinator, {
    kind: 'case_opened',
    summary: `case opened: ${measure.kind}, ruling ${ruling}${measure.endDate ? `, ends ${measure.endDate}` : ''}${measure.urgent ? ', urgent' : ''}`,
    refs: { childId: child.id, institutionId: measure.institutionId },
  });
  opened.stamp.push((at) => (measure.createdAt = at));

  // when each milestone was met (null: not yet)
  const met = {} as Record<Milestone, LocalDate | null>;
  const late = {} as Record<Milestone, boolean>;
  for (const m of MILESTONES) {
    const due = d.dues[m];
    const judged = d.judged[m];
    const passed = compareDates(judged, today) < 0;
    const inTime = passed ? onTime.get(`${d.index}|${m}`)! : r.chance(profile.onTime[m]);
    let on: LocalDate | null;
    if (inTime) {
      const earliest = minDate(addDays(ruling, m === 'permanent_guardian' ? 0 : m === 'agreed_course' ? 10 : measure.urgent ? 1 : 21), due);
      on = addDays(earliest, r.int(0, daysBetween(earliest, due)));
    } else if (passed && r.chance(profile.stillOpen[m]) && daysBetween(ruling, today) <= STILL_OPEN_MAX_AGE_DAYS[m]) {
      on = null;
    } else {
      on = addDays(judged, 1 + r.exponentialDays(profile.meanDaysLate[m]));
    }
    if (on !== null && compareDates(on, today) > 0) on = null;
    if (m === 'fitting_help' && !out.fittingHelpRecorded) on = null;
    met[m] = on;
    late[m] = on !== null && compareDates(on, due) > 0;
  }

  // guardians: a duty (temporary) guardian while waiting, the permanent one from the milestone on, sometimes a change later
  const assignments: GeneratedAssignment[] = [];
  const assign = (guardianUserId: string, kind: AssignmentKind, fromDate: LocalDate, order: number, ...extra: Change['events']): GeneratedAssignment => {
    const closing = assignments.filter((a) => a.toDate === null && (a.kind === kind || kind === 'permanent'));
    for (const a of closing) a.toDate = maxDate(a.fromDate, fromDate);
    const a: GeneratedAssignment = { id: ids.uuid(), measureId: measure.id, guardianUserId, kind, fromDate, toDate: null, createdBy: pool.coordinator, at: '' };
    assignments.push(a);
    const c = change(fromDate, order, pool.coordinator, {
      kind: 'guardian_assigned',
      summary: `${kind} guardian assigned from ${fromDate}${closing.length ? `; ended ${closing.map((x) => x.kind).join(' and ')} assignment` : ''}`,
      refs: { assignmentId: a.id, guardianUserId, kind, fromDate, endedGuardianUserIds: closing.map((x) => x.guardianUserId) },
    }, ...extra);
    c.stamp.push((at) => (a.at = at));
    return a;
  };
  const permanentOn = met.permanent_guardian;
  const permanent = pickGuardian(r, pool, []);
  const wantsDuty = permanentOn === null ? r.chance(compareDates(d.dues.permanent_guardian, today) < 0 ? 0.72 : 0.4) : daysBetween(ruling, permanentOn) > 0 && (late.permanent_guardian || r.chance(0.25));
  if (wantsDuty) {
    const dutyFrom = addDays(ruling, r.int(0, Math.min(2, daysBetween(ruling, permanentOn ?? today))));
    assign(pickGuardian(r, pool, [permanent.id]).id, 'temporary', dutyFrom, EVENT_ORDER.temporary);
  }
  const milestones: GeneratedMilestone[] = [];
  const recordMilestone = (m: Milestone, on: LocalDate, extra: Partial<GeneratedMilestone>, recordedBy: string): { milestone: GeneratedMilestone; event: Change['events'][number] } => {
    const explanation = late[m] ? explain(words, r, m, daysBetween(d.dues[m], on)) : null;
    const milestone: GeneratedMilestone = { id: ids.uuid(), measureId: measure.id, kind: m, metOn: on, explanation, agreedBy: null, offeringId: null, recordedBy, at: '', ...extra };
    milestones.push(milestone);
    const refs: GeneratedEvent['refs'] = { milestoneId: milestone.id, milestone: m, metOn: on, explanationCode: explanation?.reasonCode ?? null };
    if (m !== 'permanent_guardian') refs.offeringId = milestone.offeringId;
    return {
      milestone,
      event: {
        kind: 'milestone_recorded',
        summary: `milestone ${m} met on ${on}${explanation ? `, explained: ${explanation.reasonCode}` : ''}${milestone.agreedBy ? `, agreed by ${milestone.agreedBy.join('/')}` : ''}`,
        refs,
      },
    };
  };
  if (permanentOn !== null) {
    permanent.load++;
    const { milestone, event } = recordMilestone('permanent_guardian', permanentOn, {}, pool.coordinator);
    assign(permanent.id, 'permanent', permanentOn, EVENT_ORDER.permanent, event);
    changes[changes.length - 1]!.stamp.push((at) => (milestone.at = at));
    // about one in twelve changes guardian later (the history the caseload view shows)
    const since = daysBetween(permanentOn, today);
    if (since > 120 && r.chance(0.08)) {
      const next = pickGuardian(r, pool, [permanent.id]);
      if (next.id !== permanent.id) {
        permanent.load--;
        next.load++;
        assign(next.id, 'permanent', addDays(permanentOn, r.int(60, since - 1)), EVENT_ORDER.change);
      }
    }
  }
  out.assignments.push(...assignments);
  const actorOn = (date: LocalDate): string => {
    const current = (kind: AssignmentKind) =>
      assignments.find((a) => a.kind === kind && compareDates(a.fromDate, date) <= 0 && (a.toDate === null || compareDates(date, a.toDate) < 0));
    return (current('permanent') ?? current('temporary'))?.guardianUserId ?? pool.coordinator;
  };

  // needs: the first one fits the help that started, if it did
  const helpOn = met.fitting_help;
  let setting = r.weighted(SETTINGS_BY_KIND[measure.kind]);
  let categoryCode: string;
  let offeringId: string | null = null;
  if (helpOn !== null) {
    const offering = offerings.pick(r, measure.regionCode, measure.inspectionArea, setting, yearsOld(dob, helpOn))!;
    offeringId = offering.id;
    setting = offering.setting;
    categoryCode = offering.categoryCode;
  } else {
    categoryCode = r.weighted(CATEGORIES_BY_SETTING[setting]);
  }
  const needOn = clampDate(addDays(ruling, r.int(2, 20)), ruling, minDate(today, helpOn ?? today));
  const specialisms = new Set<string>([r.weighted(SPECIALISMS_BY_KIND[measure.kind])]);
  const institutionFocus = pool.institution.focus;
  if (institutionFocus === 'mild_intellectual_disability') specialisms.add('mild_intellectual_disability');
  if (measure.kind === 'juvenile_probation') specialisms.add('juvenile_offending');
  if (SETTING_SPECIALISM[setting] && r.chance(0.6)) specialisms.add(SETTING_SPECIALISM[setting]!);
  if (r.chance(0.25)) specialisms.add(r.weighted(SPECIALISMS_BY_KIND[measure.kind]));
  const secureFrom = setting === 'secure_residential' ? addDays(ruling, r.int(0, 14)) : null;
  const urgency: NeedUrgency = measure.urgent ? r.weighted([['acute', 40], ['urgent', 60]] as const) : r.weighted([['regular', 78], ['urgent', 18], ['acute', 4]] as const);
  const needs: GeneratedNeed[] = [
    {
      id: ids.uuid(),
      measureId: measure.id,
      categoryCode,
      specialismCodes: [...specialisms],
      settingConstraints: [setting],
      secureAuthorisationFrom: secureFrom,
      secureAuthorisationTo: secureFrom ? addDays(addCalendarMonths(secureFrom, 6), -1) : null,
      urgency,
      keepWithSiblings: measure.siblings && r.chance(0.6),
      maxDistanceKm: r.chance(0.45) ? r.pick([10, 15, 20, 25, 30, 40, 50, 75]) : null,
      notes: r.chance(0.5) ? words.pick(F.NEED_NOTES) : null,
      recordedBy: '',
      at: '',
    },
  ];
  const secondOn = addDays(ruling, r.int(21, 90));
  if (r.chance(0.35) && compareDates(secondOn, today) <= 0) {
    const extra = r.weighted(SPECIALISMS_BY_KIND[measure.kind]);
    needs.push({
      id: ids.uuid(),
      measureId: measure.id,
      categoryCode: r.weighted([['45', 70], ['54', 30]] as const),
      specialismCodes: [extra === 'foster_care' || extra === 'family_home_care' ? 'outpatient_family_support' : extra],
      settingConstraints: ['outpatient'],
      secureAuthorisationFrom: null,
      secureAuthorisationTo: null,
      urgency: 'regular',
      keepWithSiblings: false,
      maxDistanceKm: r.chance(0.5) ? r.pick([10, 20, 30]) : null,
      notes: r.chance(0.3) ? words.pick(F.NEED_NOTES) : null,
      recordedBy: '',
      at: '',
    });
  }
  needs.forEach((n, i) => {
    const on = i === 0 ? needOn : secondOn;
    n.recordedBy = actorOn(on);
    const c = change(on, EVENT_ORDER.need, n.recordedBy, {
      kind: 'need_added',
      summary: `need added: category ${n.categoryCode}, urgency ${n.urgency}${n.settingConstraints.length ? `, settings ${n.settingConstraints.join('/')}` : ''}`,
      refs: { needId: n.id, categoryCode: n.categoryCode, urgency: n.urgency },
    });
    c.stamp.push((at) => (n.at = at));
  });
  out.needs.push(...needs);

  // the agreed course and the fitting help, with what the family said
  const voices: GeneratedVoice[] = [];
  const voice = (milestone: Milestone | null, on: LocalDate, recordedBy: string): { voice: GeneratedVoice; event: Change['events'][number] } => {
    const age = yearsOld(dob, on);
    const speaker: Speaker = age >= 10 && r.chance(0.5) ? 'child' : r.chance(0.12) && milestone !== null ? 'network' : 'parents';
    const lines = F.CLIENT_VOICE[speaker][milestone ?? 'general'] ?? F.CLIENT_VOICE[speaker].general ?? F.CLIENT_VOICE.parents.general!;
    const v: GeneratedVoice = { id: ids.uuid(), measureId: measure.id, milestoneKind: milestone, speaker, statement: words.pick(lines), recordedBy, at: '' };
    voices.push(v);
    return { voice: v, event: { kind: 'client_voice_recorded', summary: `client voice recorded: ${speaker}${milestone ? ` on ${milestone}` : ''}`, refs: { clientVoiceId: v.id, speaker, milestone } } };
  };
  const courseOn = met.agreed_course;
  if (courseOn !== null) {
    const by = actorOn(courseOn);
    const { milestone, event } = recordMilestone('agreed_course', courseOn, { agreedBy: agreedBy(r, measure.kind, yearsOld(dob, courseOn)) }, by);
    const said = r.chance(0.3) ? [voice('agreed_course', courseOn, by)] : [];
    const c = change(courseOn, EVENT_ORDER.course, by, event, ...said.map((s) => s.event));
    c.stamp.push((at) => (milestone.at = at), ...said.map((s) => (at: string) => (s.voice.at = at)));
  }
  if (helpOn !== null) {
    const by = actorOn(helpOn);
    const { milestone, event } = recordMilestone('fitting_help', helpOn, { offeringId }, by);
    const said = r.chance(0.2) ? [voice('fitting_help', helpOn, by)] : [];
    const c = change(helpOn, EVENT_ORDER.help, by, event, ...said.map((s) => s.event));
    c.stamp.push((at) => (milestone.at = at), ...said.map((s) => (at: string) => (s.voice.at = at)));
    // the follow-up: does the family experience the help as fitting?
    const since = daysBetween(helpOn, today);
    if (since >= 42 && r.chance(0.7)) {
      const followUpOn = addDays(helpOn, r.int(42, Math.min(90, since)));
      const fitting = r.chance(profile.helpExperiencedFitting);
      const e: GeneratedExperience = {
        id: ids.uuid(),
        milestoneId: milestone.id,
        followUpOn,
        childExperiencesFitting: yearsOld(dob, followUpOn) >= 12 ? r.chance(fitting ? 0.9 : 0.3) : null,
        parentsExperienceFitting: measure.kind === 'guardianship' && r.chance(0.4) ? null : r.chance(fitting ? 0.9 : 0.25),
        professionalExplanation: words.pick(fitting ? F.HELP_EXPERIENCE_TEXTS.fitting : F.HELP_EXPERIENCE_TEXTS.notFitting),
        recordedBy: actorOn(followUpOn),
        at: '',
      };
      out.experiences.push(e);
      change(followUpOn, EVENT_ORDER.experience, e.recordedBy, {
        kind: 'help_experience_recorded',
        summary: `follow-up of fitting help on ${followUpOn} recorded`,
        refs: { experienceId: e.id, milestoneId: milestone.id, followUpOn },
      }).stamp.push((at) => (e.at = at));
    }
  }
  const age = daysBetween(ruling, today);
  if (age > 14 && r.chance(0.06)) {
    const on = addDays(ruling, r.int(7, age));
    const by = actorOn(on);
    const said = voice(null, on, by);
    change(on, EVENT_ORDER.voice, by, said.event).stamp.push((at) => (said.voice.at = at));
  }
  out.milestones.push(...milestones);
  out.voices.push(...voices);

  // the timeline in order; each change at a moment in office hours on its day
  changes.sort((a, b) => compareDates(a.date, b.date) || a.order - b.order);
  let day = '';
  let minute = 0;
  let at = '';
  for (const c of changes) {
    if (c.date !== day) {
      day = c.date;
      minute = 8 * 60 + 30 + r.int(0, 7 * 60);
    } else minute = Math.min(23 * 60 + 59, minute + r.int(2, 25));
    at = `${c.date} ${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:${String(r.int(0, 59)).padStart(2, '0')}`;
    for (const stamp of c.stamp) stamp(at);
    for (const e of c.events) out.events.push({ measureId: measure.id, at, actorUserId: c.actor, ...e });
  }
  measure.updatedAt = at;
  // inserted at version 1; every change, the opening included, raised it by one (CaseEffects.changed)
  measure.version = 1 + changes.length;
}

/**
 * Which of n milestones (newest due date first) were met in time: the first k hold round(p·k) on
 * time, kept from k = 5 on inside the status band that p falls in (green ≥ 90%, amber 80-90%, red
 * < 80%), so every prefix of 5 or more shows p's colour.
 */
export function onTimeSequence(n: number, p: number): boolean[] {
  const [lo, hi] = p >= STATUS_BANDS.green[0] ? STATUS_BANDS.green : p >= STATUS_BANDS.amber[0] ? STATUS_BANDS.amber : STATUS_BANDS.red;
  const out: boolean[] = [];
  let count = 0;
  for (let k = 1; k <= n; k++) {
    let target = Math.round(p * k);
    if (k >= 5) {
      const least = Math.ceil(lo * k - 1e-9);
      // below the band's upper share: strictly, except for green, whose band includes 100%
      const most = hi >= 1 ? k : Math.ceil(hi * k - 1e-9) - 1;
      target = Math.min(Math.max(target, least), most);
    }
    const next = Math.min(count + 1, Math.max(count, target));
    out.push(next > count);
    count = next;
  }
  return out;
}

function pickGuardian(r: Random, pool: GuardianPool, not: readonly string[]): GuardianPool['members'][number] {
  const free = pool.members.filter((g) => !not.includes(g.id) && g.load < g.maxCases);
  const candidates = free.length ? free : pool.members.filter((g) => g.maxCases === Number.POSITIVE_INFINITY);
  // the less loaded of two (an even caseload without a central planner)
  const a = r.pick(candidates);
  const b = r.pick(candidates);
  return a.load <= b.load ? a : b;
}

function agreedBy(r: Random, kind: MeasureKind, age: number): AgreeingParty[] {
  const parties = new Set<AgreeingParty>();
  if (age >= 12 ? r.chance(0.9) : age >= 8 && r.chance(0.4)) parties.add('child');
  if (r.chance(kind === 'guardianship' ? 0.5 : 0.93)) parties.add('parents');
  // without the family it is not agreed: the parents, or the child when old enough to speak for themself
  if (!parties.has('child') && !parties.has('parents')) parties.add(kind === 'guardianship' && age >= 8 ? 'child' : 'parents');
  if (r.chance(0.45)) parties.add('network');
  if (r.chance(0.9)) parties.add('professionals');
  return (['child', 'parents', 'network', 'professionals'] as const).filter((p) => parties.has(p));
}

function explain(words: Random, r: Random, milestone: Milestone, daysLate: number): Explanation {
  const reasonCode: ExplanationReasonCode = r.weighted(F.EXPLANATION_WEIGHTS[milestone]);
  const text = F.fillExplanation(words.pick(F.EXPLANATION_TEXTS[reasonCode]), milestone, { weeks: Math.max(2, Math.round(daysLate / 7) + r.int(1, 4)), days: daysLate });
  return { reasonCode, text };
}

const minDate = (a: LocalDate, b: LocalDate): LocalDate => (compareDates(a, b) <= 0 ? a : b);
const maxDate = (a: LocalDate, b: LocalDate): LocalDate => (compareDates(a, b) >= 0 ? a : b);
const clampDate = (d: LocalDate, lo: LocalDate, hi: LocalDate): LocalDate => maxDate(lo, minDate(d, hi));

// --- what came out ---------------------------------------------------------------------------

export interface AreaSummary {
  intended: RegionStatus;
  measures: number;
  withoutPermanentGuardian: number;
  /** share met in time of the milestones due in the last 3 months (before today): the window the dashboard's status comes from; null under 5 */
  last3Months: Record<Milestone, number | null>;
  /** the same over the last 12 months */
  last12Months: Record<Milestone, number | null>;
  /** the status the last 3 months give with the default thresholds */
  status: RegionStatus | null;
}

const NORM_OF: Record<Milestone, RegionNorm> = { permanent_guardian: 'permanentGuardian', agreed_course: 'courseWithin6Weeks', fitting_help: 'helpWithin3Months' };

/**
 * Per inspection area, what the dashboard will find (the seed's report, the tests): milestones
 * judged when their due date (fitting help: the 3-month term) lies in the window and before today,
 * in time when met on or before it.
 */
export function summariseCases(cases: GeneratedCases, today: LocalDate): Record<string, AreaSummary> {
  const met = new Map(cases.milestones.map((m) => [`${m.measureId}|${m.kind}`, m.metOn]));
  const permanentNow = new Set(cases.assignments.filter((a) => a.kind === 'permanent' && a.toDate === null).map((a) => a.measureId));
  const windows = { last3Months: addCalendarMonths(today, -3), last12Months: addCalendarMonths(today, -12) };
  type Tally = { due: number; inTime: number };
  const fresh = () => Object.fromEntries(MILESTONES.map((k) => [k, { due: 0, inTime: 0 }])) as Record<Milestone, Tally>;
  const areas = new Map<string, { measures: number; without: number; last3Months: Record<Milestone, Tally>; last12Months: Record<Milestone, Tally> }>();
  for (const m of cases.measures) {
    let a = areas.get(m.inspectionArea);
    if (!a) areas.set(m.inspectionArea, (a = { measures: 0, without: 0, last3Months: fresh(), last12Months: fresh() }));
    a.measures++;
    if (!permanentNow.has(m.id)) a.without++;
    for (const k of MILESTONES) {
      const due = dueDate(k, m.rulingDate);
      if (compareDates(due, today) >= 0) continue;
      const on = met.get(`${m.id}|${k}`) ?? null;
      for (const w of ['last3Months', 'last12Months'] as const) {
        if (compareDates(due, windows[w]) < 0) continue;
        a[w][k].due++;
        if (on !== null && compareDates(on, due) <= 0) a[w][k].inTime++;
      }
    }
  }
  const shares = (t: Record<Milestone, Tally>) => Object.fromEntries(MILESTONES.map((k) => [k, share(t[k].inTime, t[k].due)])) as Record<Milestone, number | null>;
  return Object.fromEntries(
    [...areas].sort(([a], [b]) => a.localeCompare(b)).map(([area, a]) => {
      const last3Months = shares(a.last3Months);
      const status = regionStatus(Object.fromEntries(MILESTONES.map((k) => [NORM_OF[k], last3Months[k]])) as Record<RegionNorm, number | null>).status;
      return [area, { intended: areaProfile(area).intended, measures: a.measures, withoutPermanentGuardian: a.without, last3Months, last12Months: shares(a.last12Months), status }];
    }),
  );
}
