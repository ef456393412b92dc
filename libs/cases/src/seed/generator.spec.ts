import { describe, expect, it } from '@jest/globals';
import { readCodeLists, readMunicipalities, readRegions, REFERENCE_DATA_DIR } from '@passend/reference';
import { SETTINGS, type Setting } from '@passend/reference/domain';
import { SPECIALISM_SEED } from '@passend/social-map/domain';
import { readFileSync } from 'node:fs';
import { isValidBsn } from '../domain/bsn.js';
import { EXPLANATION_REASON_CODES, explanationProblems } from '../domain/explanation-reasons.js';
import { addCalendarMonths, compareDates, daysBetween, isLocalDate, isWorkingDay } from '../domain/local-date.js';
import { dueDate, MILESTONES, milestoneProblems, normClock } from '../domain/norm-clock.js';
import { regionStatus } from '../domain/region-status.js';
import { AREA_PROFILES, SYNTHETIC_INSTITUTIONS } from './area-profiles.js';
import { generateCases, MEASURE_KIND_SHARES, onTimeSequence, summariseCases, type CaseGeneratorInput, type SeedCaseOffering } from './generator.js';
import { mixSeed, Random } from '@passend/platform';
import { SYNTHETIC_BSN_PREFIX, syntheticBsn, uniqueSyntheticBsn } from './synthetic-bsn.js';

const read = (file: string) => readFileSync(new URL(file, REFERENCE_DATA_DIR), 'utf8');
const areaOf = new Map(readRegions(read('youth-regions-2025.csv')).map((r) => [r.code, r.inspectionArea]));
const municipalities = readMunicipalities(read('municipalities-2025.csv')).map((m) => ({
  code: m.code,
  regionCode: m.regionCode,
  inspectionArea: areaOf.get(m.regionCode)!,
  population: m.population,
}));
const currentCategories = new Set(
  readCodeLists(read('code-lists-3.2.csv'), read('jz020-product-categories.csv'))
    .filter((e) => e.listCode === 'JZ020' && !e.historic)
    .map((e) => e.code),
);
const specialismCodes = new Set(SPECIALISM_SEED.map((s) => s.code));
const TODAY = '2026-03-16';

/** A small synthetic social map: a few offerings per region and setting, ages 0-18 or 12-23. */
const offerings: SeedCaseOffering[] = (() => {
  const random = new Random(11);
  const categoryOf: Record<Setting, string> = { outpatient: '45', day_treatment: '41', foster_care: '44', family_home: '44', residential: '43', secure_residential: '43', crisis: '46' };
  const regions = [...areaOf.keys()];
  return regions.flatMap((regionCode) =>
    SETTINGS.filter((s) => s !== 'secure_residential' || regionCode === 'JZ29' || regionCode === 'JZ02').flatMap((setting) =>
      [0, 1].map(() => ({
        id: random.uuid(),
        regionCode,
        inspectionArea: areaOf.get(regionCode)!,
        categoryCode: categoryOf[setting],
        setting,
        minAge: random.chance(0.3) ? 12 : 0,
        maxAge: random.chance(0.3) ? 23 : 18,
        acceptsOtherRegions: random.chance(0.8),
      })),
    ),
  );
})();

const institutions = [
  ...SYNTHETIC_INSTITUTIONS.map((p, i) => ({ key: p.key, id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, inspectionArea: p.inspectionArea, focus: p.focus })),
  { key: 'demo', id: '00000000-0000-4000-8000-0000000000d0', inspectionArea: null, demo: true },
];
const demoGuardian = '00000000-0000-4000-8000-0000000000aa';

const input = (overrides: Partial<CaseGeneratorInput> = {}): CaseGeneratorInput => ({
  municipalities,
  offerings,
  institutions,
  existingGuardians: [{ id: demoGuardian, institutionKey: 'demo', maxCases: 15 }],
  seed: 2026,
  today: TODAY,
  count: 2_000,
  ...overrides,
});

// one demo-size data set for the whole file
const cases = generateCases(input());
const measureById = new Map(cases.measures.map((m) => [m.id, m]));
const childById = new Map(cases.children.map((c) => [c.id, c]));
const measureOfChild = new Map(cases.measures.map((m) => [m.childId, m]));
const milestoneById = new Map(cases.milestones.map((m) => [m.id, m]));
const firstNeed = new Map([...cases.needs].reverse().map((n) => [n.measureId, n]));
const milestonesPer = new Map<string, number>();
for (const m of cases.milestones) milestonesPer.set(m.measureId, (milestonesPer.get(m.measureId) ?? 0) + 1);
const share = <T>(list: readonly T[], test: (x: T) => boolean) => list.filter(test).length / list.length;

describe('synthetic BSNs', () => {
  it('are nine digits starting with 99 that pass the eleven-test', () => {
    const random = new Random(1);
    const drawn = Array.from({ length: 5_000 }, () => syntheticBsn(random));
    expect(drawn.every((b) => /^\d{9}$/.test(b) && b.startsWith(SYNTHETIC_BSN_PREFIX) && isValidBsn(b))).toBe(true);
    // and spread over the range: nearly all distinct
    expect(new Set(drawn).size).toBeGreaterThan(4_950);
  });

  it('are deterministic per seed and unique when asked', () => {
    const a = new Random(5);
    const b = new Random(5);
    expect(Array.from({ length: 20 }, () => syntheticBsn(a))).toEqual(Array.from({ length: 20 }, () => syntheticBsn(b)));
    const taken = new Set<string>();
    const random = new Random(mixSeed(9, 9));
    const unique = Array.from({ length: 3_000 }, () => uniqueSyntheticBsn(random, taken));
    expect(new Set(unique).size).toBe(3_000);
  });
});

describe('synthetic case generator', () => {
  it('is deterministic: the same input gives the same cases, another seed others', () => {
    const small = generateCases(input({ count: 120 }));
    expect(generateCases(input({ count: 120 }))).toEqual(small);
    const other = generateCases(input({ count: 120, seed: 7 }));
    expect(other.children.map((c) => c.identity.bsn)).not.toEqual(small.children.map((c) => c.identity.bsn));
  });

  it('makes exactly `count` open measures, one child each, with unique ids and valid synthetic BSNs', () => {
    expect(cases.measures).toHaveLength(2_000);
    expect(cases.children).toHaveLength(2_000);
    const ids = [...cases.children, ...cases.measures, ...cases.assignments, ...cases.needs, ...cases.milestones, ...cases.experiences, ...cases.voices, ...cases.guardians].map((x) => x.id);
    expect(new Set(ids).size).toBe(ids.length);
    const bsns = cases.children.map((c) => c.identity.bsn);
    expect(new Set(bsns).size).toBe(bsns.length);
    expect(bsns.every((b) => isValidBsn(b) && b.startsWith('99'))).toBe(true);
    expect(generateCases(input({ count: 0 })).measures).toEqual([]);
  });

  it('spreads the measure kinds as asked: OTS ~65%, provisional ~10%, guardianship ~15%, probation ~10%', () => {
    for (const [kind, expected] of Object.entries(MEASURE_KIND_SHARES)) {
      expect(Math.abs(share(cases.measures, (m) => m.kind === kind) - expected)).toBeLessThan(0.035);
    }
  });

  it('gives every child a plausible identity: names, a birth date 0-17 years ago before the ruling, a real home municipality by population', () => {
    const codes = new Set(municipalities.map((m) => m.code));
    for (const c of cases.children) {
      const m = measureOfChild.get(c.id)!;
      expect(c.identity.givenNames.length).toBeGreaterThan(1);
      expect(c.identity.familyName.length).toBeGreaterThan(1);
      expect(isLocalDate(c.identity.dateOfBirth)).toBe(true);
      expect(daysBetween(c.identity.dateOfBirth, m.rulingDate)).toBeGreaterThanOrEqual(7);
      expect(daysBetween(c.identity.dateOfBirth, TODAY)).toBeLessThan(18 * 365.25);
      if (m.kind === 'juvenile_probation') expect(daysBetween(c.identity.dateOfBirth, m.rulingDate) / 365.25).toBeGreaterThanOrEqual(12);
      expect(codes.has(c.homeMunicipalityCode)).toBe(true);
      if (c.networkMunicipalityCode) expect(codes.has(c.networkMunicipalityCode)).toBe(true);
    }
    // weighted by population: about 1 in 13 children lives in Amsterdam, Rotterdam or The Hague combined… roughly their share of 18 million
    const bigCities = share(cases.children, (c) => ['GM0363', 'GM0599', 'GM0518'].includes(c.homeMunicipalityCode));
    expect(bigCities).toBeGreaterThan(0.09);
    expect(bigCities).toBeLessThan(0.16);
  });

  it('puts rulings on working days in the last ~18 months, with end dates after today', () => {
    for (const m of cases.measures) {
      expect(compareDates(m.rulingDate, TODAY)).toBeLessThanOrEqual(0);
      expect(daysBetween(m.rulingDate, TODAY)).toBeLessThanOrEqual(550);
      expect(isWorkingDay(m.rulingDate)).toBe(true);
      expect(m.endDate === null || compareDates(m.endDate, TODAY) > 0).toBe(true);
      if (m.kind === 'provisional_supervision_order') expect(m.endDate).toBe(addCalendarMonths(m.rulingDate, 3));
      if (m.urgentHelpDueOn) expect(m.urgent && compareDates(m.urgentHelpDueOn, m.rulingDate) >= 0).toBe(true);
    }
    expect(share(cases.measures, (m) => daysBetween(m.rulingDate, TODAY) > 365)).toBeGreaterThan(0.2);
  });

  it('keeps guardian assignments within the rules: one open of each kind, dates in order, a guardian of the own institution', () => {
    const guardiansOf = new Map<string, Set<string>>();
    for (const g of cases.guardians) guardiansOf.set(g.institutionId, (guardiansOf.get(g.institutionId) ?? new Set()).add(g.id));
    guardiansOf.get(institutions.at(-1)!.id)!.add(demoGuardian);
    const openKinds = new Set<string>();
    for (const a of cases.assignments) {
      const m = measureById.get(a.measureId)!;
      expect(guardiansOf.get(m.institutionId)!.has(a.guardianUserId)).toBe(true);
      expect(compareDates(a.fromDate, m.rulingDate)).toBeGreaterThanOrEqual(0);
      expect(compareDates(a.fromDate, TODAY)).toBeLessThanOrEqual(0);
      if (a.toDate !== null) expect(compareDates(a.toDate, a.fromDate)).toBeGreaterThanOrEqual(0);
      else {
        const key = `${a.measureId}|${a.kind}`;
        expect(openKinds.has(key)).toBe(false);
        openKinds.add(key);
      }
    }
    // the permanent guardian milestone is the first permanent assignment
    const firstPermanent = new Map<string, string>();
    for (const a of cases.assignments) {
      const seen = firstPermanent.get(a.measureId);
      if (a.kind === 'permanent' && (seen === undefined || compareDates(a.fromDate, seen) < 0)) firstPermanent.set(a.measureId, a.fromDate);
    }
    const guardianMilestones = cases.milestones.filter((x) => x.kind === 'permanent_guardian');
    expect(guardianMilestones.map((ms) => firstPermanent.get(ms.measureId))).toEqual(guardianMilestones.map((ms) => ms.metOn));
    expect(firstPermanent.size).toBe(guardianMilestones.length);
  });

  it('leaves some children without a permanent guardian (5-8%), most of them with a duty guardian', () => {
    const permanent = new Set(cases.assignments.filter((a) => a.kind === 'permanent' && a.toDate === null).map((a) => a.measureId));
    const duty = new Set(cases.assignments.filter((a) => a.kind === 'temporary' && a.toDate === null).map((a) => a.measureId));
    const without = cases.measures.filter((m) => !permanent.has(m.id));
    expect(without.length / cases.measures.length).toBeGreaterThan(0.05);
    expect(without.length / cases.measures.length).toBeLessThan(0.08);
    expect(share(without, (m) => duty.has(m.id))).toBeGreaterThan(0.5);
    expect(without.some((m) => !duty.has(m.id))).toBe(true);
  });

  it('gives the demo guardian a caseload of at most 15 and others a realistic one', () => {
    const open = cases.assignments.filter((a) => a.kind === 'permanent' && a.toDate === null);
    const demoLoad = open.filter((a) => a.guardianUserId === demoGuardian).length;
    expect(demoLoad).toBeGreaterThan(5);
    expect(demoLoad).toBeLessThanOrEqual(15);
    const loads = new Map<string, number>();
    for (const a of open) loads.set(a.guardianUserId, (loads.get(a.guardianUserId) ?? 0) + 1);
    expect(Math.max(...loads.values())).toBeLessThanOrEqual(25);
    expect(cases.guardians.every((g) => /^jb-\d{3,}@synthetisch\.passend\.test$/.test(g.email))).toBe(true);
  });

  it('records milestones as the API would accept them: not before the ruling, not in the future, late ones explained, a course agreed with the family, help at an offering', () => {
    const offeringIds = new Set(offerings.map((o) => o.id));
    for (const ms of cases.milestones) {
      const m = measureById.get(ms.measureId)!;
      expect(milestoneProblems(ms.kind, { rulingDate: m.rulingDate, metOn: ms.metOn, today: TODAY, explanation: ms.explanation, urgentHelpDueDate: m.urgentHelpDueOn })).toEqual([]);
      const clock = normClock(ms.kind, { rulingDate: m.rulingDate, metOn: ms.metOn, today: TODAY, urgentHelpDueDate: m.urgentHelpDueOn });
      expect(ms.explanation !== null).toBe(clock.state === 'met_late');
      if (ms.explanation) expect(explanationProblems(ms.explanation)).toEqual([]);
      expect(ms.agreedBy !== null).toBe(ms.kind === 'agreed_course');
      if (ms.agreedBy) expect(ms.agreedBy.some((p) => p === 'child' || p === 'parents')).toBe(true);
      expect(ms.offeringId !== null).toBe(ms.kind === 'fitting_help');
      if (ms.offeringId) expect(offeringIds.has(ms.offeringId)).toBe(true);
    }
    const codes = new Set(cases.milestones.flatMap((m) => (m.explanation ? [m.explanation.reasonCode] : [])));
    expect([...codes].every((c) => (EXPLANATION_REASON_CODES as readonly string[]).includes(c))).toBe(true);
    expect(codes.has('waiting_list')).toBe(true);
  });

  it('prefers an offering in the child\'s own region whose ages fit', () => {
    const byId = new Map(offerings.map((o) => [o.id, o]));
    const help = cases.milestones.filter((m) => m.kind === 'fitting_help');
    expect(help.length).toBeGreaterThan(1_000);
    expect(share(help, (h) => byId.get(h.offeringId!)!.regionCode === measureById.get(h.measureId)!.regionCode)).toBeGreaterThan(0.85);
    for (const h of help) {
      const o = byId.get(h.offeringId!)!;
      const age = daysBetween(childById.get(measureById.get(h.measureId)!.childId)!.identity.dateOfBirth, h.metOn) / 365.25;
      expect(age >= o.minAge && age <= o.maxAge).toBe(true);
      // the first need is the help that started
      const need = firstNeed.get(h.measureId)!;
      expect(need.categoryCode).toBe(o.categoryCode);
      expect(need.settingConstraints).toEqual([o.setting]);
    }
  });

  it('records no fitting help when the social map has no offering', () => {
    const none = generateCases(input({ count: 200, offerings: [] }));
    expect(none.fittingHelpRecorded).toBe(false);
    expect(none.milestones.some((m) => m.kind === 'fitting_help')).toBe(false);
    expect(none.milestones.some((m) => m.kind === 'agreed_course')).toBe(true);
  });

  it('gives every measure needs in the social map\'s vocabulary, secure care only with a court authorisation', () => {
    const withNeed = new Set(cases.needs.map((n) => n.measureId));
    expect(withNeed.size).toBe(cases.measures.length);
    for (const n of cases.needs) {
      expect(currentCategories.has(n.categoryCode)).toBe(true);
      expect(n.specialismCodes.every((c) => specialismCodes.has(c))).toBe(true);
      expect(n.settingConstraints.every((s) => (SETTINGS as readonly string[]).includes(s))).toBe(true);
      expect((n.secureAuthorisationFrom === null) === (n.secureAuthorisationTo === null)).toBe(true);
      if (n.settingConstraints.includes('secure_residential')) expect(n.secureAuthorisationFrom).not.toBeNull();
      if (n.maxDistanceKm !== null) expect(n.maxDistanceKm).toBeGreaterThanOrEqual(1);
    }
    expect(share(cases.needs, (n) => n.keepWithSiblings)).toBeGreaterThan(0.02);
  });

  it('shows the intended colours per inspection area in every window: green, amber and red with the default thresholds', () => {
    const summary = summariseCases(cases, TODAY);
    expect(Object.keys(summary).sort()).toEqual(Object.keys(AREA_PROFILES).sort());
    for (const [area, s] of Object.entries(summary)) {
      expect({ area, status: s.status }).toEqual({ area, status: AREA_PROFILES[area]!.intended });
      const year = regionStatus({
        permanentGuardian: s.last12Months.permanent_guardian,
        courseWithin6Weeks: s.last12Months.agreed_course,
        helpWithin3Months: s.last12Months.fitting_help,
      }).status;
      expect({ area, year }).toEqual({ area, year: AREA_PROFILES[area]!.intended });
    }
    expect(summary.Friesland!.last12Months.fitting_help!).toBeGreaterThan(summary.Rijnmond!.last12Months.fitting_help! + 0.2);
    // and on other days and seeds too (the quota holds every window, not just one)
    for (const [seed, today] of [[1, '2025-11-03'], [99, '2026-07-31']] as const) {
      const other = summariseCases(generateCases(input({ seed, today, count: 2_000 })), today);
      for (const [area, s] of Object.entries(other)) expect({ area, seed, status: s.status }).toEqual({ area, seed, status: AREA_PROFILES[area]!.intended });
    }
  });

  it('keeps every prefix of 5 or more in the band of its share', () => {
    for (const p of [0.97, 0.93, 0.9, 0.89, 0.85, 0.8, 0.79, 0.62, 0.3]) {
      const seq = onTimeSequence(400, p);
      let met = 0;
      seq.forEach((inTime, i) => {
        met += inTime ? 1 : 0;
        const k = i + 1;
        if (k < 5) return;
        const s = met / k;
        if (p >= 0.9) expect(s).toBeGreaterThanOrEqual(0.9);
        else if (p >= 0.8) expect(s >= 0.8 && s < 0.9).toBe(true);
        else expect(s).toBeLessThan(0.8);
      });
      expect(Math.abs(met / 400 - p)).toBeLessThan(0.01);
    }
  });

  it('leaves some milestones overdue (open after their due date), more in red areas', () => {
    const metKeys = new Set(cases.milestones.map((m) => `${m.measureId}|${m.kind}`));
    const overdue = (area: string) => {
      const ms = cases.measures.filter((m) => m.inspectionArea === area);
      return share(ms, (m) =>
        MILESTONES.some((k) => !metKeys.has(`${m.id}|${k}`) && compareDates(dueDate(k, m.rulingDate, undefined, { urgentHelpDueDate: m.urgentHelpDueOn }), TODAY) < 0),
      );
    };
    expect(overdue('Rijnmond')).toBeGreaterThan(overdue('Friesland'));
    expect(overdue('Brabant')).toBeGreaterThan(0.05);
  });

  it('writes a timeline per case in order, codes and dates only', () => {
    const byMeasure = new Map<string, typeof cases.events>();
    for (const e of cases.events) {
      const list = byMeasure.get(e.measureId);
      if (list) list.push(e);
      else byMeasure.set(e.measureId, [e]);
    }
    expect(byMeasure.size).toBe(cases.measures.length);
    const names = [...new Set(cases.children.flatMap((c) => [c.identity.familyName, c.identity.bsn]))];
    for (const [measureId, events] of byMeasure) {
      expect(events[0]!.kind).toBe('case_opened');
      expect(events.map((e) => e.at)).toEqual([...events.map((e) => e.at)].sort());
      const m = measureById.get(measureId)!;
      expect(m.createdAt).toBe(events[0]!.at);
      expect(m.updatedAt).toBe(events.at(-1)!.at);
      expect(events.filter((e) => e.kind === 'milestone_recorded')).toHaveLength(milestonesPer.get(measureId) ?? 0);
    }
    expect(cases.events.every((e) => e.summary.length <= 300 && /^[a-z][a-z_]{2,39}$/.test(e.kind))).toBe(true);
    expect(cases.events.some((e) => names.some((n) => e.summary.includes(n)))).toBe(false);
  });

  it('adds the family\'s voice and follow-ups on some cases', () => {
    expect(cases.voices.length).toBeGreaterThan(200);
    expect(cases.voices.every((v) => v.statement.length > 5)).toBe(true);
    expect(cases.experiences.length).toBeGreaterThan(300);
    for (const e of cases.experiences) {
      const help = milestoneById.get(e.milestoneId)!;
      expect(help.kind).toBe('fitting_help');
      expect(compareDates(e.followUpOn, help.metOn)).toBeGreaterThan(0);
      expect(compareDates(e.followUpOn, TODAY)).toBeLessThanOrEqual(0);
    }
  });
});

