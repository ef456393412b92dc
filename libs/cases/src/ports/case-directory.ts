import { Injectable } from '@nestjs/common';
import { DomainError, InjectConfig, type PassendConfig } from '@passend/platform';
import { UserDirectory } from '@passend/identity';
import { ReferenceCatalog } from '@passend/reference';
import { DataSource, type EntityManager } from 'typeorm';
import { normSettingsOf } from '../cases/norm-settings.js';
import { CasePersonalData } from '../children/personal-data.js';
import { daysBetween, type LocalDate } from '../domain/local-date.js';
import { normClocks, type Milestone, type NormClock, type NormSettings } from '../domain/norm-clock.js';
import type { MeasureKind, MeasureStatus, NeedUrgency, Speaker } from '../entities.js';

/** What access decisions elsewhere need of a case: whose it is, whether it is open, where the child lives. No personal data. */
export interface CaseHeadView {
  measureId: string;
  institutionId: string;
  status: MeasureStatus;
  homeMunicipalityCode: string;
  homeRegionCode: string;
}

/** What an expert table sees of a referred case: the need, the clocks, the family's voice. No name, no BSN, no date of birth. */
export interface ExpertCaseSummary {
  measureKind: MeasureKind;
  rulingDate: LocalDate;
  /** whole years on the day of the summary */
  ageYears: number;
  homeRegionCode: string;
  clocks: NormClock[];
  need: {
    needId: string;
    categoryCode: string;
    specialismCodes: string[];
    settingConstraints: string[];
    urgency: NeedUrgency;
    keepWithSiblings: boolean;
    maxDistanceKm: number | null;
    circumstanceCodes: string[];
    secureAuthorisation: { from: LocalDate; to: LocalDate } | null;
    notes: string | null;
    recordedAt: string;
  };
  /** the measure's other needs (several kinds of help) */
  otherNeeds: number;
  clientVoice: { speaker: Speaker; milestoneKind: Milestone | null; statement: string; recordedAt: string }[];
}

/**
 * Cases' answers to matching about one case, by id: its head (for the institution wall), the
 * identity a placement needs (released by matching only to the provider that accepted, and
 * audited there), and the summary an expert table reviews. Matching never reads cases' tables.
 */
@Injectable()
export class CaseDirectory {
  private readonly norms: NormSettings;

  constructor(
    private readonly dataSource: DataSource,
    private readonly personalData: CasePersonalData,
    private readonly reference: ReferenceCatalog,
    private readonly users: UserDirectory,
    @InjectConfig() config: PassendConfig,
  ) {
    this.norms = normSettingsOf(config);
  }

  async head(measureId: string): Promise<CaseHeadView> {
    const [row] = (await this.dataSource.query(
      `SELECT m.id, m.institution_id, m.status, c.home_municipality_code FROM cases.measure m JOIN cases.child c ON c.id = m.child_id WHERE m.id = $1`,
      [measureId],
    )) as { id: string; institution_id: string; status: MeasureStatus; home_municipality_code: string }[];
    if (!row) throw DomainError.notFound('Case');
    const municipality = await this.reference.municipality(row.home_municipality_code);
    return { measureId: row.id, institutionId: row.institution_id, status: row.status, homeMunicipalityCode: row.home_municipality_code, homeRegionCode: municipality?.regionCode ?? '' };
  }

  /**
   * Who hears about the case's proposals: the guardians now assigned to it; without one (itself a
   * norm failure), the institution's team leads; without those, its active guardians.
   */
  async guardianIds(measureId: string, manager: Pick<EntityManager, 'query'> = this.dataSource.manager): Promise<string[]> {
    const assigned = (await manager.query(
      `SELECT guardian_user_id AS id FROM cases.guardian_assignment WHERE measure_id = $1 AND to_date IS NULL ORDER BY (kind = 'permanent') DESC, guardian_user_id`,
      [measureId],
    )) as { id: string }[];
    if (assigned.length) return assigned.map((r) => r.id);
    const [measure] = (await manager.query(`SELECT institution_id FROM cases.measure WHERE id = $1`, [measureId])) as { institution_id: string }[];
    if (!measure) return [];
    const leads = (await manager.query(`SELECT user_id AS id FROM cases.team_lead WHERE institution_id = $1 ORDER BY user_id`, [measure.institution_id])) as { id: string }[];
    if (leads.length) return leads.map((r) => r.id);
    return (await this.users.activeGuardians(measure.institution_id, manager)).map((g) => g.userId);
  }

  /** guardianIds for many cases at once (a matching run's new proposals): case id → its guardians. */
  async guardianIdsOfMany(measureIds: readonly string[], manager: Pick<EntityManager, 'query'> = this.dataSource.manager): Promise<Map<string, string[]>> {
    const result = new Map<string, string[]>();
    if (!measureIds.length) return result;
    const assigned = (await manager.query(
      `SELECT measure_id AS "measureId", guardian_user_id AS id FROM cases.guardian_assignment
        WHERE measure_id = ANY($1::uuid[]) AND to_date IS NULL ORDER BY measure_id, (kind = 'permanent') DESC, guardian_user_id`,
      [measureIds],
    )) as { measureId: string; id: string }[];
    for (const a of assigned) result.set(a.measureId, [...(result.get(a.measureId) ?? []), a.id]);
    const orphans = measureIds.filter((m) => !result.has(m));
    if (orphans.length) {
      const institutions = (await manager.query(`SELECT id, institution_id AS "institutionId" FROM cases.measure WHERE id = ANY($1::uuid[])`, [orphans])) as { id: string; institutionId: string }[];
      const fallback = new Map<string, string[]>();
      for (const institutionId of new Set(institutions.map((i) => i.institutionId))) {
        const leads = (await manager.query(`SELECT user_id AS id FROM cases.team_lead WHERE institution_id = $1 ORDER BY user_id`, [institutionId])) as { id: string }[];
        fallback.set(institutionId, leads.length ? leads.map((l) => l.id) : (await this.users.activeGuardians(institutionId, manager)).map((g) => g.userId));
      }
      for (const m of institutions) result.set(m.id, fallback.get(m.institutionId) ?? []);
    }
    return result;
  }

  /** The child's names and date of birth: what a provider needs to start help. Never the BSN. */
  async identityForPlacement(measureId: string): Promise<{ givenNames: string; familyName: string; dateOfBirth: string }> {
    const [row] = (await this.dataSource.query(
      `SELECT c.id, c.given_names_enc, c.family_name_enc, c.bsn_enc, c.date_of_birth_enc FROM cases.measure m JOIN cases.child c ON c.id = m.child_id WHERE m.id = $1 AND c.anonymised_at IS NULL`,
      [measureId],
    )) as { id: string; given_names_enc: string; family_name_enc: string; bsn_enc: string; date_of_birth_enc: string }[];
    if (!row) throw DomainError.notFound('Case');
    const identity = this.personalData.openChild(row.id, row);
    return { givenNames: identity.givenNames, familyName: identity.familyName, dateOfBirth: identity.dateOfBirth };
  }

  /**
   * A function that takes the child's names out of a free text ("[naam]"): an expert table
   * reviews a case without knowing who the child is, and people write names into notes.
   */
  async nameRedactor(measureId: string): Promise<(text: string) => string> {
    const { givenNames, familyName } = await this.identityForPlacement(measureId);
    return redactorFor([...givenNames.split(/\s+/), familyName, ...familyName.split(/\s+/).filter((part) => part.length > 3)]);
  }

  async summaryForExpertTable(measureId: string, needId: string, today: LocalDate): Promise<ExpertCaseSummary> {
    const redact = await this.nameRedactor(measureId);
    const [m] = (await this.dataSource.query(
      `SELECT m.kind, m.ruling_date::text AS ruling_date, m.urgent_help_due_on::text AS urgent_help_due_on, c.id AS child_id, c.date_of_birth_enc, c.home_municipality_code
         FROM cases.measure m JOIN cases.child c ON c.id = m.child_id WHERE m.id = $1 AND c.anonymised_at IS NULL`,
      [measureId],
    )) as { kind: MeasureKind; ruling_date: string; urgent_help_due_on: string | null; child_id: string; date_of_birth_enc: string; home_municipality_code: string }[];
    if (!m) throw DomainError.notFound('Case');
    const needs = (await this.dataSource.query(
      `SELECT n.id, n.category_code, n.specialism_codes, n.setting_constraints, n.urgency, n.keep_with_siblings, n.max_distance_km, n.circumstance_codes,
              n.secure_authorisation_from::text AS sa_from, n.secure_authorisation_to::text AS sa_to, n.notes_enc, n.recorded_at
         FROM cases.need n WHERE n.measure_id = $1`,
      [measureId],
    )) as {
      id: string; category_code: string; specialism_codes: string[]; setting_constraints: string[]; urgency: NeedUrgency; keep_with_siblings: boolean; max_distance_km: number | null;
      circumstance_codes: string[]; sa_from: string | null; sa_to: string | null; notes_enc: string | null; recorded_at: Date;
    }[];
    const need = needs.find((n) => n.id === needId);
    if (!need) throw DomainError.notFound('Need');
    const met = (await this.dataSource.query(`SELECT kind, met_on::text AS met_on FROM cases.milestone WHERE measure_id = $1`, [measureId])) as { kind: Milestone; met_on: string }[];
    const voices = (await this.dataSource.query(
      `SELECT id, milestone_kind, speaker, statement_enc, recorded_at FROM cases.client_voice WHERE measure_id = $1 ORDER BY recorded_at, id`,
      [measureId],
    )) as { id: string; milestone_kind: Milestone | null; speaker: Speaker; statement_enc: string; recorded_at: Date }[];
    const dateOfBirth = this.personalData.open('child', m.child_id, 'date_of_birth_enc', m.date_of_birth_enc);
    const municipality = await this.reference.municipality(m.home_municipality_code);
    return {
      measureKind: m.kind,
      rulingDate: m.ruling_date,
      ageYears: Math.floor(daysBetween(dateOfBirth, today) / 365.2425),
      homeRegionCode: municipality?.regionCode ?? '',
      clocks: normClocks(m.ruling_date, Object.fromEntries(met.map((x) => [x.kind, x.met_on])), today, this.norms, { urgentHelpDueDate: m.urgent_help_due_on }),
      need: {
        needId: need.id,
        categoryCode: need.category_code,
        specialismCodes: need.specialism_codes,
        settingConstraints: need.setting_constraints,
        urgency: need.urgency,
        keepWithSiblings: need.keep_with_siblings,
        maxDistanceKm: need.max_distance_km,
        circumstanceCodes: need.circumstance_codes,
        secureAuthorisation: need.sa_from && need.sa_to ? { from: need.sa_from, to: need.sa_to } : null,
        notes: need.notes_enc === null ? null : redact(this.personalData.open('need', need.id, 'notes_enc', need.notes_enc)),
        recordedAt: need.recorded_at.toISOString(),
      },
      otherNeeds: needs.length - 1,
      clientVoice: voices.map((v) => ({
        speaker: v.speaker,
        milestoneKind: v.milestone_kind,
        statement: redact(this.personalData.open('client_voice', v.id, 'statement_enc', v.statement_enc)),
        recordedAt: v.recorded_at.toISOString(),
      })),
    };
  }
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Replaces each name (whole words, any case, longest first) with "[naam]". */
export function redactorFor(names: readonly string[]): (text: string) => string {
  const words = [...new Set(names.map((n) => n.trim()).filter((n) => n.length >= 2))].sort((a, b) => b.length - a.length);
  if (!words.length) return (text) => text;
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${words.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}])`, 'giu');
  return (text) => text.replace(pattern, '[naam]');
}
