import {
  activeAccountIdsByEmail,
  createPasswordlessAccounts,
  createSyntheticOrganisations,
  DEMO_ACCOUNTS,
  DEMO_ORGANISATIONS,
  findSyntheticOrganisations,
  nextAccountNumber,
} from '@passend/identity';
import { PersonalDataCipher, writeOutbox, type PassendConfig } from '@passend/platform';
import { EXCLUSION_CODES, type ExclusionCode, type Setting } from '@passend/reference/domain';
import type { EntityManager } from 'typeorm';
import { CasePersonalData } from '../children/personal-data.js';
import { todayInAmsterdam } from '../domain/local-date.js';
import { MeasureChanged } from '../events.js';
import { SYNTHETIC_INSTITUTIONS } from './area-profiles.js';
import {
  DEFAULT_CASE_SEED,
  generateCases,
  summariseCases,
  type AreaSummary,
  type ExistingGuardian,
  type GeneratedCases,
  type SeedCaseInstitution,
  type SeedCaseMunicipality,
  type SeedCaseOffering,
} from './generator.js';
import { mixSeed, Random } from '@passend/platform';
import { uniqueSyntheticBsn } from './synthetic-bsn.js';

/** An offering of the social map where fitting help may have started (an OfferingCandidate of the social map's OfferingReader fits). */
export interface SeedHelpOffering {
  offeringId: string;
  /** the youth-care region of the offering's location */
  regionCode: string;
  categoryCode: string;
  setting: Setting;
  minAge: number;
  maxAge: number;
  acceptsOtherRegions: boolean;
}

export interface SeedCasesOptions {
  /**
   * the active offerings of the social map (the caller reads them, e.g. with the social map's
   * OfferingReader); fitting help names one of them, the child's region first. Without any, no
   * fitting help is recorded.
   */
  offerings?: readonly SeedHelpOffering[];
  /** open measures to make (default 2,000) */
  count?: number;
  /** the seed of the generator (default 2026): same seed, same social map, same day: same cases */
  random?: number;
  /** rulings lie in the ~18 months before this, nothing is met after it (default: now) */
  now?: Date;
  /** rows written so far of the total; called after every batch */
  onProgress?: (done: number, total: number) => void;
  /** rows per INSERT (default 2,000) */
  batchSize?: number;
  /** write a cases.measure-changed job per measure to the outbox, as every change to a case does, so read models follow (default true) */
  changeJobs?: boolean;
}

export interface SeedCasesReport {
  seed: number;
  /** measures of the synthetic institutions found before the run; when above 0 the run added nothing */
  existingMeasures: number;
  /** what this run added */
  institutions: number;
  guardians: number;
  children: number;
  measures: number;
  assignments: number;
  needs: number;
  milestones: number;
  helpExperiences: number;
  clientVoices: number;
  events: number;
  /** open measures without a permanent guardian today */
  withoutPermanentGuardian: number;
  /** 'skipped' when the social map had no active offering: fitting help needs one, so none was recorded; null when nothing was added */
  fittingHelp: 'recorded' | 'skipped' | null;
  /** per inspection area: the intended status and the shares on time the dashboard should find */
  areas: Record<string, AreaSummary>;
  tookMs: number;
}

const LOCK_KEY = 'passend:cases:seed';
const GUARDIAN_EMAIL_DOMAIN = 'synthetisch.passend.test';
/** The demo guardian (jeugdbeschermer@demo.passend.nl) gets a caseload of at most this many cases. */
const DEMO_GUARDIAN_CASES = 15;

/** The app's CasePersonalData, outside Nest: the same key gives the same encryption and the same BSN lookup hash. */
export function casePersonalDataFor(config: Pick<PassendConfig, 'personalDataKey' | 'personalDataPreviousKeys'>): CasePersonalData {
  return new CasePersonalData(new PersonalDataCipher(config.personalDataKey, config.personalDataPreviousKeys ?? []), config as PassendConfig);
}

/**
 * Seeds about `count` open protection measures over the real regions (demo data, issue 4): synthetic
 * certified institutions (one per inspection area, two national ones, and the demo institution of
 * @passend/identity for Utrecht Stad when it exists), synthetic guardians who cannot sign in (no
 * password), children with synthetic names and BSNs, their measures, guardian assignments,
 * needs, milestones, follow-ups, what the family said and the timeline. Identity and free text are
 * encrypted exactly as the app does (CasePersonalData), so every seeded case opens in the app.
 *
 * Give it the social map's active offerings (`options.offerings`, read after the social map seed):
 * fitting help names the offering where it started (the child's region first). Without any, no
 * fitting help is recorded (`fittingHelp: 'skipped'`). Organisations and guardian accounts are
 * created through identity's exported seeding functions.
 *
 * Idempotent: when the synthetic institutions have measures already it adds nothing. One
 * transaction, serialised by an advisory lock; bulk INSERT ... SELECT FROM jsonb_to_recordset.
 * No audit entries: seeding is not an access to a child's record.
 */
export async function seedCases(manager: EntityManager, personalData: CasePersonalData, options: SeedCasesOptions = {}): Promise<SeedCasesReport> {
  const started = Date.now();
  const seed = options.random ?? DEFAULT_CASE_SEED;
  const count = options.count ?? 2_000;
  const now = options.now ?? new Date();
  const today = todayInAmsterdam(now);

  const run = async (tx: EntityManager): Promise<SeedCasesReport> => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [LOCK_KEY]);
    const existing = await findSyntheticOrganisations(tx, SYNTHETIC_INSTITUTIONS.map((i) => i.name));
    const wrongKind = existing.find((o) => o.kind !== 'certified_institution');
    if (wrongKind) throw new Error(`the synthetic organisation "${wrongKind.name}" exists but is a ${wrongKind.kind}, not a certified institution`);
    const [{ n: existingMeasures }] = (await tx.query(`SELECT count(*)::int AS n FROM cases.measure WHERE institution_id = ANY($1::uuid[])`, [
      existing.map((o) => o.id),
    ])) as [{ n: number }];
    const empty = (fittingHelp: SeedCasesReport['fittingHelp']): SeedCasesReport => ({
      seed, existingMeasures, institutions: 0, guardians: 0, children: 0, measures: 0, assignments: 0, needs: 0, milestones: 0,
      helpExperiences: 0, clientVoices: 0, events: 0, withoutPermanentGuardian: 0, fittingHelp, areas: {}, tookMs: Date.now() - started,
    });
    if (existingMeasures > 0 || count === 0) {
      options.onProgress?.(1, 1);
      return empty(null);
    }

    const municipalities = await loadMunicipalities(tx);
    const offerings = helpOfferings(options.offerings ?? [], municipalities);
    const { institutions, newInstitutions, existingGuardians } = await resolveInstitutions(tx, seed, existing);
    const generated = generateCases({
      municipalities,
      offerings,
      institutions,
      existingGuardians,
      seed,
      today,
      count,
      firstGuardianNumber: await nextAccountNumber(tx, 'jb', GUARDIAN_EMAIL_DOMAIN),
    });
    await avoidKnownBsns(tx, personalData, generated, seed);
    await insertAll(tx, personalData, generated, newInstitutions, now, options);
    const areas = summariseCases(generated, today);
    return {
      ...empty(generated.fittingHelpRecorded ? 'recorded' : 'skipped'),
      institutions: newInstitutions.length,
      guardians: generated.guardians.length,
      children: generated.children.length,
      measures: generated.measures.length,
      assignments: generated.assignments.length,
      needs: generated.needs.length,
      milestones: generated.milestones.length,
      helpExperiences: generated.experiences.length,
      clientVoices: generated.voices.length,
      events: generated.events.length,
      withoutPermanentGuardian: Object.values(areas).reduce((n, a) => n + a.withoutPermanentGuardian, 0),
      areas,
      tookMs: Date.now() - started,
    };
  };
  return manager.queryRunner?.isTransactionActive ? run(manager) : manager.transaction(run);
}

async function loadMunicipalities(manager: EntityManager): Promise<SeedCaseMunicipality[]> {
  const rows = (await manager.query(
    `SELECT m.code, m.region_code AS "regionCode", r.inspection_area AS "inspectionArea", m.population
       FROM reference.municipality m JOIN reference.region r ON r.code = m.region_code
      ORDER BY m.code`,
  )) as SeedCaseMunicipality[];
  if (!rows.length) throw new Error('reference.municipality is empty: run the migrations (npm run migrate) before seeding');
  return rows;
}

/** The offerings with their inspection area (of their region), by id. */
function helpOfferings(offerings: readonly SeedHelpOffering[], municipalities: readonly SeedCaseMunicipality[]): SeedCaseOffering[] {
  const areaOf = new Map(municipalities.map((m) => [m.regionCode, m.inspectionArea]));
  return offerings
    .map((o) => ({
      id: o.offeringId, regionCode: o.regionCode, inspectionArea: areaOf.get(o.regionCode)!, categoryCode: o.categoryCode, setting: o.setting,
      minAge: o.minAge, maxAge: o.maxAge, acceptsOtherRegions: o.acceptsOtherRegions,
    }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The synthetic institutions (found by name, else new with an id from the seed) and the demo institution with its guardian, when seeded. */
async function resolveInstitutions(
  manager: EntityManager,
  seed: number,
  existing: { id: string; name: string }[],
): Promise<{ institutions: SeedCaseInstitution[]; newInstitutions: { id: string; name: string; regionCode: string | null }[]; existingGuardians: ExistingGuardian[] }> {
  const ids = new Random(mixSeed(seed, 0x6f7267));
  const byName = new Map(existing.map((o) => [o.name, o.id]));
  const institutions: SeedCaseInstitution[] = [];
  const newInstitutions: { id: string; name: string; regionCode: string | null }[] = [];
  for (const plan of SYNTHETIC_INSTITUTIONS) {
    const drawn = ids.uuid();
    const id = byName.get(plan.name) ?? drawn;
    if (!byName.has(plan.name)) newInstitutions.push({ id, name: plan.name, regionCode: plan.regionCode });
    institutions.push({ key: plan.key, id, inspectionArea: plan.inspectionArea, focus: plan.focus });
  }
  const existingGuardians: ExistingGuardian[] = [];
  const demoGi = DEMO_ORGANISATIONS.find((o) => o.key === 'gi');
  const [demo] = demoGi ? (await findSyntheticOrganisations(manager, [demoGi.name])).filter((o) => o.kind === 'certified_institution') : [];
  if (demo) {
    institutions.push({ key: 'demo', id: demo.id, inspectionArea: null, demo: true });
    const emails = DEMO_ACCOUNTS.filter((a) => a.organisation === 'gi' && a.role === 'guardian').map((a) => a.email);
    const guardians = (await activeAccountIdsByEmail(manager, emails, demo.id, 'guardian')).map((id) => ({ id }));
    for (const g of guardians) existingGuardians.push({ id: g.id, institutionKey: 'demo', maxCases: DEMO_GUARDIAN_CASES });
    // the demo guardian also leads the team: the caseload view and the team lead's notifications have someone to show
    await manager.query(`INSERT INTO cases.team_lead (institution_id, user_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`, [demo.id, guardians.map((g) => g.id)]);
  }
  return { institutions, newInstitutions, existingGuardians };
}

/** A synthetic BSN may equal that of a child already in the database (entered by hand, another seed): draw those again. */
async function avoidKnownBsns(manager: EntityManager, personalData: CasePersonalData, generated: GeneratedCases, seed: number): Promise<void> {
  const taken = new Set(generated.children.map((c) => c.identity.bsn));
  for (let attempt = 1; ; attempt++) {
    const hmacs = generated.children.map((c) => personalData.bsnHmac(c.identity.bsn));
    const known = new Set(((await manager.query(`SELECT bsn_hmac FROM cases.child WHERE bsn_hmac = ANY($1::text[])`, [hmacs])) as { bsn_hmac: string }[]).map((r) => r.bsn_hmac));
    if (known.size === 0) return;
    if (attempt > 20) throw new Error('could not find unused synthetic BSNs');
    const random = new Random(mixSeed(seed, 0x62736e, attempt));
    generated.children.forEach((c, i) => {
      if (known.has(hmacs[i]!)) c.identity.bsn = uniqueSyntheticBsn(random, taken);
    });
  }
}

/**
 * Some demo needs carry circumstances that offerings may exclude (about one in eight), drawn from
 * the need's own id so the generator's stream (and every other seeded value) stays as it was.
 */
function circumstancesOf(needId: string): ExclusionCode[] {
  const r = new Random(mixSeed(parseInt(needId.slice(0, 8), 16), 0x636972));
  if (!r.chance(0.125)) return [];
  const first = r.pick(EXCLUSION_CODES);
  const second = r.chance(0.2) ? r.pick(EXCLUSION_CODES) : first;
  return [...new Set([first, second])];
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** 'YYYY-MM-DD HH:MM:SS' in Amsterdam to a timestamptz, never after the seed's `now`. */
const AT = (column: string) => `LEAST((${column})::timestamp AT TIME ZONE 'Europe/Amsterdam', $2::timestamptz)`;

async function insertAll(
  manager: EntityManager,
  pd: CasePersonalData,
  g: GeneratedCases,
  newInstitutions: { id: string; name: string; regionCode: string | null }[],
  now: Date,
  options: SeedCasesOptions,
): Promise<void> {
  const size = options.batchSize ?? 2_000;
  const changeJobs = options.changeJobs !== false;
  const total =
    newInstitutions.length + g.guardians.length + g.children.length + g.measures.length + g.assignments.length + g.needs.length + g.milestones.length +
    g.experiences.length + g.voices.length + g.events.length + (changeJobs ? g.measures.length : 0);
  let done = 0;
  const progress = (rows: number) => {
    done += rows;
    options.onProgress?.(done, total);
  };
  progress(0);
  const nowIso = now.toISOString();
  const bulk = async <T>(rows: readonly T[], sql: string, toJson: (row: T) => object, batchSize = size) => {
    for (const batch of chunks(rows, batchSize)) {
      const json = JSON.stringify(batch.map(toJson));
      await manager.query(sql, sql.includes('$2') ? [json, nowIso] : [json]);
      progress(batch.length);
    }
  };

  for (const batch of chunks(newInstitutions, size)) {
    await createSyntheticOrganisations(manager, batch.map((o) => ({ id: o.id, name: o.name, kind: 'certified_institution', regionCode: o.regionCode })));
    progress(batch.length);
  }
  // synthetic guardians: no password and no OIDC subject, so nobody can sign in as them
  for (const batch of chunks(g.guardians, size)) {
    const added = await createPasswordlessAccounts(
      manager,
      batch.map((u) => ({ id: u.id, organisationId: u.institutionId, email: u.email, displayName: u.displayName, role: 'guardian' })),
    );
    if (added !== batch.length) throw new Error('a synthetic guardian e-mail address is taken already');
    progress(batch.length);
  }

  const createdAt = new Map(g.measures.map((m) => [m.childId, m.createdAt]));
  // each child record belongs to the institution of its measure (one measure per generated child)
  const institutionOf = new Map(g.measures.map((m) => [m.childId, m.institutionId]));
  await bulk(
    g.children,
    `INSERT INTO cases.child (id, institution_id, given_names_enc, family_name_enc, bsn_enc, date_of_birth_enc, bsn_hmac, key_id, home_municipality_code, network_municipality_code, created_at, updated_at)
     SELECT r.id, r.inst, r.gn, r.fn, r.bsn, r.dob, r.hmac, r.key, r.home, r.network, ${AT('r.at')}, ${AT('r.at')}
       FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, inst uuid, gn text, fn text, bsn text, dob text, hmac text, key text, home text, network text, at text)`,
    (c) => {
      const s = pd.sealChild(c.id, c.identity);
      return {
        id: c.id, inst: institutionOf.get(c.id), gn: s.given_names_enc, fn: s.family_name_enc, bsn: s.bsn_enc, dob: s.date_of_birth_enc, hmac: s.bsn_hmac, key: s.key_id,
        home: c.homeMunicipalityCode, network: c.networkMunicipalityCode, at: createdAt.get(c.id),
      };
    },
  );
  await bulk(
    g.measures,
    `INSERT INTO cases.measure (id, child_id, kind, ruling_date, end_date, institution_id, urgent, urgent_help_due_on, status, created_by, created_at, updated_at, version)
     SELECT r.id, r.child, r.kind, r.ruling, r."end", r.inst, r.urgent, r.urgent_due, 'open', r.by, ${AT('r.created')}, ${AT('r.updated')}, r.version
       FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, child uuid, kind text, ruling date, "end" date, inst uuid, urgent boolean, urgent_due date, by uuid, created text, updated text, version int)`,
    (m) => ({
      id: m.id, child: m.childId, kind: m.kind, ruling: m.rulingDate, end: m.endDate, inst: m.institutionId, urgent: m.urgent, urgent_due: m.urgentHelpDueOn,
      by: m.createdBy, created: m.createdAt, updated: m.updatedAt, version: m.version,
    }),
  );
  await bulk(
    g.assignments,
    `INSERT INTO cases.guardian_assignment (id, measure_id, guardian_user_id, kind, from_date, to_date, created_by, created_at)
     SELECT r.id, r.measure, r.guardian, r.kind, r."from", r."to", r.by, ${AT('r.at')}
       FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, measure uuid, guardian uuid, kind text, "from" date, "to" date, by uuid, at text)`,
    (a) => ({ id: a.id, measure: a.measureId, guardian: a.guardianUserId, kind: a.kind, from: a.fromDate, to: a.toDate, by: a.createdBy, at: a.at }),
  );
  await bulk(
    g.needs,
    `INSERT INTO cases.need (id, measure_id, category_code, specialism_codes, setting_constraints, secure_authorisation_from, secure_authorisation_to,
       urgency, keep_with_siblings, max_distance_km, notes_enc, recorded_by, recorded_at, circumstance_codes)
     SELECT r.id, r.measure, r.category, r.specialisms, r.settings, r.secure_from, r.secure_to, r.urgency, r.siblings, r.distance, r.notes, r.by, ${AT('r.at')}, r.circumstances
       FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, measure uuid, category text, specialisms text[], settings text[], secure_from date, secure_to date,
            urgency text, siblings boolean, distance int, notes text, by uuid, at text, circumstances text[])`,
    (n) => ({
      id: n.id, measure: n.measureId, category: n.categoryCode, specialisms: n.specialismCodes, settings: n.settingConstraints, secure_from: n.secureAuthorisationFrom,
      secure_to: n.secureAuthorisationTo, urgency: n.urgency, siblings: n.keepWithSiblings, distance: n.maxDistanceKm,
      notes: n.notes === null ? null : pd.seal('need', n.id, 'notes_enc', n.notes.trim()), by: n.recordedBy, at: n.at,
      circumstances: circumstancesOf(n.id),
    }),
  );
  await bulk(
    g.milestones,
    `INSERT INTO cases.milestone (id, measure_id, kind, met_on, explanation_code, explanation_text_enc, agreed_by, offering_id, recorded_by, recorded_at)
     SELECT r.id, r.measure, r.kind, r.met, r.code, r.text, r.agreed, r.offering, r.by, ${AT('r.at')}
       FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, measure uuid, kind text, met date, code text, text text, agreed text[], offering uuid, by uuid, at text)`,
    (m) => ({
      id: m.id, measure: m.measureId, kind: m.kind, met: m.metOn, code: m.explanation?.reasonCode ?? null,
      text: m.explanation ? pd.seal('milestone', m.id, 'explanation_text_enc', m.explanation.text.trim()) : null,
      agreed: m.agreedBy, offering: m.offeringId, by: m.recordedBy, at: m.at,
    }),
  );
  await bulk(
    g.experiences,
    `INSERT INTO cases.help_experience (id, milestone_id, follow_up_on, child_experiences_fitting, parents_experience_fitting, professional_explanation_enc, recorded_by, recorded_at)
     SELECT r.id, r.milestone, r.follow_up, r.child, r.parents, r.text, r.by, ${AT('r.at')}
       FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, milestone uuid, follow_up date, child boolean, parents boolean, text text, by uuid, at text)`,
    (e) => ({
      id: e.id, milestone: e.milestoneId, follow_up: e.followUpOn, child: e.childExperiencesFitting, parents: e.parentsExperienceFitting,
      text: pd.seal('help_experience', e.id, 'professional_explanation_enc', e.professionalExplanation.trim()), by: e.recordedBy, at: e.at,
    }),
  );
  await bulk(
    g.voices,
    `INSERT INTO cases.client_voice (id, measure_id, milestone_kind, speaker, statement_enc, recorded_by, recorded_at)
     SELECT r.id, r.measure, r.milestone, r.speaker, r.text, r.by, ${AT('r.at')}
       FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, measure uuid, milestone text, speaker text, text text, by uuid, at text)`,
    (v) => ({ id: v.id, measure: v.measureId, milestone: v.milestoneKind, speaker: v.speaker, text: pd.seal('client_voice', v.id, 'statement_enc', v.statement.trim()), by: v.recordedBy, at: v.at }),
  );
  // the timeline: in order, so the ids (which the timeline sorts by) follow the events
  let seq = 0;
  await bulk(
    g.events,
    `INSERT INTO cases.case_event (measure_id, at, actor_user_id, kind, summary, refs)
     SELECT r.measure, ${AT('r.at')}, r.actor, r.kind, r.summary, r.refs
       FROM jsonb_to_recordset($1::jsonb) AS r(seq int, measure uuid, at text, actor uuid, kind text, summary text, refs jsonb)
      ORDER BY r.seq`,
    (e) => ({ seq: seq++, measure: e.measureId, at: e.at, actor: e.actorUserId, kind: e.kind, summary: e.summary, refs: e.refs }),
    size * 5,
  );
  if (changeJobs) {
    // what CaseEffects.changed publishes after every change (ids only), once per measure
    for (const batch of chunks(g.measures, size * 5)) {
      await writeOutbox(manager, MeasureChanged, batch.map((m) => ({ measureId: m.id })));
      progress(batch.length);
    }
  }
  // fresh statistics, so the first dashboard queries after a seed get sensible plans
  await manager.query(`ANALYZE cases.child, cases.measure, cases.guardian_assignment, cases.need, cases.milestone, cases.help_experience, cases.client_voice, cases.case_event`);
}
