import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_ORGANISATIONS, seedDemoAccounts, UserDirectory } from '@passend/identity';
import { PersonalDataCipher } from '@passend/platform';
import { ReferenceCatalog } from '@passend/reference';
import { OfferingReader, seedSocialMap } from '@passend/social-map';
import { createTestDatabase, type TestDatabase } from '@passend/testing';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { passendDataSourceOptions } from '../../../../apps/shared/data-source.js';
import { CaseRecords } from '../cases/case-records.js';
import { isValidBsn } from '../domain/bsn.js';
import { compareDates, todayInAmsterdam } from '../domain/local-date.js';
import { dueDate, normClock, type Milestone } from '../domain/norm-clock.js';
import { MeasureChanged } from '../events.js';
import { AREA_PROFILES, SYNTHETIC_INSTITUTIONS } from './area-profiles.js';
import { casePersonalDataFor, seedCases, type SeedCasesReport } from './seed-cases.js';

const NOW = new Date('2026-03-16T10:00:00Z');
const TODAY = todayInAmsterdam(NOW);
const key = { id: 'seedtest', key: randomBytes(32) };

interface Counts {
  institutions: number;
  guardians: number;
  children: number;
  measures: number;
  open: number;
  assignments: number;
  needs: number;
  milestones: number;
  experiences: number;
  voices: number;
  events: number;
  jobs: number;
}

describe('seedCases (PostgreSQL)', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let report: SeedCasesReport;
  const progress: [number, number][] = [];
  const personalData = casePersonalDataFor({ personalDataKey: key });

  const counts = async (): Promise<Counts> =>
    ((await ds.query(
      `SELECT
        (SELECT count(*)::int FROM identity.organisation WHERE kind = 'certified_institution' AND synthetic) AS institutions,
        (SELECT count(*)::int FROM identity."user" WHERE role = 'guardian') AS guardians,
        (SELECT count(*)::int FROM cases.child) AS children,
        (SELECT count(*)::int FROM cases.measure) AS measures,
        (SELECT count(*)::int FROM cases.measure WHERE status = 'open') AS open,
        (SELECT count(*)::int FROM cases.guardian_assignment) AS assignments,
        (SELECT count(*)::int FROM cases.need) AS needs,
        (SELECT count(*)::int FROM cases.milestone) AS milestones,
        (SELECT count(*)::int FROM cases.help_experience) AS experiences,
        (SELECT count(*)::int FROM cases.client_voice) AS voices,
        (SELECT count(*)::int FROM cases.case_event) AS events,
        (SELECT count(*)::int FROM platform.outbox WHERE job_name = $1) AS jobs`,
      [MeasureChanged.name],
    )) as Counts[])[0]!;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = new DataSource({ ...passendDataSourceOptions({ databaseUrl: db.url }, 'seed-cases-int-spec'), logging: false });
    await ds.initialize();
    await seedDemoAccounts(ds.manager);
    await seedSocialMap(ds.manager, { scale: 'demo', now: NOW, indexJobs: false });
    const offerings = await new OfferingReader(ds, new ReferenceCatalog(ds)).eligibleCandidates({ categoryCodes: [] });
    report = await seedCases(ds.manager, personalData, { offerings, count: 300, now: NOW, onProgress: (done, total) => progress.push([done, total]) });
  }, 120_000);
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('seeds 300 open measures at synthetic institutions with their guardians, history and timeline, reporting progress', async () => {
    const c = await counts();
    expect(report).toMatchObject({ existingMeasures: 0, institutions: SYNTHETIC_INSTITUTIONS.length, measures: 300, children: 300, fittingHelp: 'recorded' });
    // the synthetic institutions and the demo institution of @passend/identity
    expect(c.institutions).toBe(SYNTHETIC_INSTITUTIONS.length + 1);
    expect(c).toMatchObject({
      children: 300,
      measures: 300,
      open: 300,
      assignments: report.assignments,
      needs: report.needs,
      milestones: report.milestones,
      experiences: report.helpExperiences,
      voices: report.clientVoices,
      events: report.events,
      jobs: 300,
    });
    expect(c.guardians).toBe(report.guardians + 1);
    expect(report.milestones).toBeGreaterThan(500);
    expect(report.events).toBeGreaterThan(1_500);
    expect(progress.length).toBeGreaterThan(5);
    const [lastDone, lastTotal] = progress.at(-1)!;
    expect(lastDone).toBe(lastTotal);
    expect(progress.every(([done, total], i) => done <= total && (i === 0 || done >= progress[i - 1]![0]))).toBe(true);
  });

  it('makes guardians who cannot sign in, at certified institutions labelled synthetic', async () => {
    const [g] = (await ds.query(
      `SELECT count(*)::int AS n,
              count(*) FILTER (WHERE u.password_hash IS NULL AND u.oidc_subject IS NULL AND u.email LIKE 'jb-%@synthetisch.passend.test')::int AS locked,
              count(*) FILTER (WHERE o.kind = 'certified_institution' AND o.synthetic AND o.name LIKE '%(synthetisch)')::int AS labelled
         FROM identity."user" u JOIN identity.organisation o ON o.id = u.organisation_id
        WHERE u.email LIKE 'jb-%'`,
    )) as { n: number; locked: number; labelled: number }[];
    expect(g).toEqual({ n: report.guardians, locked: report.guardians, labelled: report.guardians });
    // the demo guardian got a caseload at the demo institution
    const [demo] = (await ds.query(
      `SELECT count(*)::int AS n FROM cases.guardian_assignment a JOIN identity."user" u ON u.id = a.guardian_user_id
        WHERE u.email = 'jeugdbeschermer@demo.passend.nl' AND a.to_date IS NULL`,
    )) as { n: number }[];
    expect(demo!.n).toBeLessThanOrEqual(15);
    const [demoMeasures] = (await ds.query(`SELECT count(*)::int AS n FROM cases.measure m JOIN identity.organisation o ON o.id = m.institution_id WHERE o.name = $1`, [
      DEMO_ORGANISATIONS.find((o) => o.key === 'gi')!.name,
    ])) as { n: number }[];
    expect(demoMeasures!.n).toBeGreaterThan(0);
  });

  it('encrypts as the app does: every case opens with the same key, with a valid synthetic BSN that the lookup hash finds', async () => {
    const children = (await ds.query(`SELECT id, given_names_enc, family_name_enc, bsn_enc, date_of_birth_enc, bsn_hmac, key_id FROM cases.child ORDER BY id LIMIT 50`)) as {
      id: string;
      given_names_enc: string;
      family_name_enc: string;
      bsn_enc: string;
      date_of_birth_enc: string;
      bsn_hmac: string;
      key_id: string;
    }[];
    for (const c of children) {
      const identity = personalData.openChild(c.id, c);
      expect(isValidBsn(identity.bsn) && identity.bsn.startsWith('99')).toBe(true);
      expect(personalData.bsnHmac(identity.bsn)).toBe(c.bsn_hmac);
      expect(c.key_id).toBe(key.id);
      expect(identity.givenNames.length).toBeGreaterThan(1);
    }
    // another key opens nothing
    const other = casePersonalDataFor({ personalDataKey: { id: key.id, key: randomBytes(32) } });
    expect(() => other.openChild(children[0]!.id, children[0]!)).toThrow();
    expect(() => new PersonalDataCipher(key).decrypt(children[0]!.bsn_enc, 'cases.child/another/bsn_enc')).toThrow();

    // the app's own reader opens whole cases: identity, explanations, notes, what the family said, follow-ups
    const records = new CaseRecords(personalData, new UserDirectory(ds), {});
    const sample = (await ds.query(
      `SELECT m.id FROM cases.measure m
        WHERE EXISTS (SELECT 1 FROM cases.milestone ms WHERE ms.measure_id = m.id AND ms.explanation_code IS NOT NULL)
           OR EXISTS (SELECT 1 FROM cases.client_voice v WHERE v.measure_id = m.id)
           OR EXISTS (SELECT 1 FROM cases.help_experience e JOIN cases.milestone ms ON ms.id = e.milestone_id WHERE ms.measure_id = m.id)
        ORDER BY m.id LIMIT 40`,
    )) as { id: string }[];
    expect(sample.length).toBe(40);
    let explained = 0;
    for (const { id } of sample) {
      const view = await records.load(ds.manager, id, TODAY);
      expect(isValidBsn(view.child.bsn)).toBe(true);
      explained += view.milestones.filter((m) => m.explanation && m.explanation.text.length >= 10).length;
      for (const v of view.clientVoice) expect(v.statement.length).toBeGreaterThan(5);
      expect((await records.timeline(ds.manager, id)).map((e) => e.kind)).toContain('case_opened');
      // in order of id (numerically) and of time, opened first
      const events = (await ds.query(`SELECT kind, at FROM cases.case_event WHERE measure_id = $1 ORDER BY id`, [id])) as { kind: string; at: Date }[];
      expect(events[0]!.kind).toBe('case_opened');
      expect(events.every((e, i) => i === 0 || e.at >= events[i - 1]!.at)).toBe(true);
    }
    expect(explained).toBeGreaterThan(0);
  });

  it('keeps to the rules the API enforces: milestones between the ruling and today, late ones explained, one open guardian of each kind', async () => {
    const rows = (await ds.query(
      `SELECT m.ruling_date::text AS ruling, m.urgent_help_due_on::text AS urgent, ms.kind, ms.met_on::text AS met, ms.explanation_code AS code
         FROM cases.milestone ms JOIN cases.measure m ON m.id = ms.measure_id`,
    )) as { ruling: string; urgent: string | null; kind: Milestone; met: string; code: string | null }[];
    for (const r of rows) {
      expect(compareDates(r.met, r.ruling)).toBeGreaterThanOrEqual(0);
      expect(compareDates(r.met, TODAY)).toBeLessThanOrEqual(0);
      const clock = normClock(r.kind, { rulingDate: r.ruling, metOn: r.met, today: TODAY, urgentHelpDueDate: r.urgent });
      expect({ state: clock.state, explained: r.code !== null }).toEqual({ state: clock.state, explained: clock.state === 'met_late' });
    }
    const [problems] = (await ds.query(
      `SELECT
        (SELECT count(*)::int FROM cases.measure m WHERE (SELECT count(*) FROM cases.guardian_assignment a WHERE a.measure_id = m.id AND a.kind = 'permanent' AND a.to_date IS NULL) > 1) AS "twoPermanent",
        (SELECT count(*)::int FROM cases.milestone ms WHERE ms.kind = 'permanent_guardian'
           AND ms.met_on <> (SELECT min(a.from_date) FROM cases.guardian_assignment a WHERE a.measure_id = ms.measure_id AND a.kind = 'permanent')) AS "guardianMilestoneOff",
        (SELECT count(*)::int FROM cases.milestone ms JOIN social_map.offering o ON o.id = ms.offering_id WHERE NOT o.active) AS "inactiveOffering",
        (SELECT count(*)::int FROM cases.need n WHERE n.category_code NOT IN (SELECT code FROM reference.code_list_entry WHERE list_code = 'JZ020' AND NOT historic)) AS "unknownCategory",
        (SELECT count(*)::int FROM cases.need n WHERE NOT n.specialism_codes <@ (SELECT array_agg(code)::text[] FROM social_map.specialism)) AS "unknownSpecialism",
        (SELECT count(*)::int FROM cases.case_event e JOIN cases.measure m ON m.id = e.measure_id WHERE e.at > $1::timestamptz OR e.at < m.created_at) AS "eventOutOfRange",
        (SELECT count(*)::int FROM cases.measure m WHERE m.version < 1 + (SELECT count(DISTINCT e.at) FROM cases.case_event e WHERE e.measure_id = m.id)
            OR m.version > 1 + (SELECT count(*) FROM cases.case_event e WHERE e.measure_id = m.id)) AS "versionOff"`,
      [NOW.toISOString()],
    )) as Record<string, number>[];
    expect(problems).toEqual({ twoPermanent: 0, guardianMilestoneOff: 0, inactiveOffering: 0, unknownCategory: 0, unknownSpecialism: 0, eventOutOfRange: 0, versionOff: 0 });
  });

  it('leaves some children without a permanent guardian and some milestones overdue', async () => {
    const [r] = (await ds.query(
      `SELECT count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM cases.guardian_assignment a WHERE a.measure_id = m.id AND a.kind = 'permanent' AND a.to_date IS NULL))::int AS without,
              count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM cases.milestone ms WHERE ms.measure_id = m.id AND ms.kind = 'agreed_course') AND m.ruling_date + 42 < $1::date)::int AS "courseOverdue"
         FROM cases.measure m`,
      [TODAY],
    )) as { without: number; courseOverdue: number }[];
    expect(r!.without).toBe(report.withoutPermanentGuardian);
    expect(r!.without).toBeGreaterThan(5);
    expect(r!.without).toBeLessThan(40);
    expect(r!.courseOverdue).toBeGreaterThan(0);
  });

  it('gives fitting help in time more often in green areas than in red ones', async () => {
    const rows = (await ds.query(
      `SELECT r.inspection_area AS area, m.ruling_date::text AS ruling, ms.met_on::text AS met
         FROM cases.measure m JOIN cases.child c ON c.id = m.child_id
         JOIN reference.municipality mu ON mu.code = c.home_municipality_code JOIN reference.region r ON r.code = mu.region_code
         LEFT JOIN cases.milestone ms ON ms.measure_id = m.id AND ms.kind = 'fitting_help'`,
    )) as { area: string; ruling: string; met: string | null }[];
    const shareInTime = (status: 'green' | 'red') => {
      const judged = rows.filter((r) => AREA_PROFILES[r.area]!.intended === status && compareDates(dueDate('fitting_help', r.ruling), TODAY) < 0);
      expect(judged.length).toBeGreaterThan(10);
      return judged.filter((r) => r.met !== null && compareDates(r.met, dueDate('fitting_help', r.ruling)) <= 0).length / judged.length;
    };
    expect(shareInTime('green')).toBeGreaterThan(0.88);
    expect(shareInTime('red')).toBeLessThan(0.75);
    // the report says what the dashboard should find over the year
    expect(report.areas.Rijnmond!.last12Months.fitting_help!).toBeLessThan(0.8);
  });

  it('adds nothing when run again, whatever the count or seed', async () => {
    const before = await counts();
    const again = await seedCases(ds.manager, personalData, { count: 300, now: NOW });
    // the measures of the synthetic institutions (the demo institution's are not counted: people may add cases there by hand)
    const [{ n: demo }] = (await ds.query(`SELECT count(*)::int AS n FROM cases.measure m JOIN identity.organisation o ON o.id = m.institution_id WHERE o.name = $1`, [
      DEMO_ORGANISATIONS.find((o) => o.key === 'gi')!.name,
    ])) as [{ n: number }];
    expect(again.existingMeasures).toBe(300 - demo);
    expect(again).toMatchObject({ measures: 0, children: 0, institutions: 0, guardians: 0, events: 0, fittingHelp: null });
    expect((await seedCases(ds.manager, personalData, { count: 2_000, random: 7 })).measures).toBe(0);
    expect(await counts()).toEqual(before);
  });

  it('skips fitting help when the social map has no offering, and refuses without reference data', async () => {
    const empty = await createTestDatabase();
    const other = new DataSource({ ...passendDataSourceOptions({ databaseUrl: empty.url }, 'seed-cases-int-spec-empty'), logging: false });
    await other.initialize();
    try {
      const r = await seedCases(other.manager, personalData, { count: 40, now: NOW, changeJobs: false });
      expect(r).toMatchObject({ measures: 40, fittingHelp: 'skipped' });
      const [n] = (await other.query(
        `SELECT (SELECT count(*)::int FROM cases.milestone WHERE kind = 'fitting_help') AS help, (SELECT count(*)::int FROM platform.outbox) AS jobs`,
      )) as { help: number; jobs: number }[];
      expect(n).toEqual({ help: 0, jobs: 0 });

      const bare = await createTestDatabase();
      const third = new DataSource({ ...passendDataSourceOptions({ databaseUrl: bare.url }, 'seed-cases-int-spec-bare'), logging: false });
      await third.initialize();
      try {
        await third.query(`DELETE FROM reference.municipality`);
        await expect(seedCases(third.manager, personalData, { count: 10, now: NOW })).rejects.toThrow(/run the migrations/);
        const [o] = (await third.query(`SELECT count(*)::int AS n FROM identity.organisation`)) as { n: number }[];
        expect(o!.n).toBe(0);
      } finally {
        await third.destroy();
        await bare.drop();
      }
    } finally {
      await other.destroy();
      await empty.drop();
    }
  });
});
