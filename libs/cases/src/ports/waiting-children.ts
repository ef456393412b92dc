import { Injectable } from '@nestjs/common';
import { InjectConfig, type PassendConfig } from '@passend/platform';
import { ReferenceCatalog } from '@passend/reference';
import { DataSource, type EntityManager } from 'typeorm';
import { normSettingsOf } from '../cases/norm-settings.js';
import { CasePersonalData } from '../children/personal-data.js';
import type { LocalDate } from '../domain/local-date.js';
import { dueDate, type NormSettings } from '../domain/norm-clock.js';
import type { MeasureKind, NeedUrgency } from '../entities.js';
import type { SqlRunner } from './help-catalogue.js';

/**
 * A need of a child under an open measure that has no fitting help yet: what matching reads of
 * cases. Holds the child's date of birth (decrypted in memory, never logged) and no name or BSN.
 */
export interface WaitingChild {
  measureId: string;
  needId: string;
  institutionId: string;
  childId: string;
  /** YYYY-MM-DD; personal data: keep it in memory, never log it */
  dateOfBirth: LocalDate;
  homeMunicipalityCode: string;
  homeRegionCode: string;
  networkMunicipalityCode: string | null;
  rulingDate: LocalDate;
  measureKind: MeasureKind;
  urgent: boolean;
  categoryCode: string;
  specialismCodes: string[];
  settingConstraints: string[];
  secureAuthorisation: { from: LocalDate; to: LocalDate } | null;
  urgency: NeedUrgency;
  keepWithSiblings: boolean;
  /** needs of brothers and sisters who should stay together share it */
  siblingGroup: string | null;
  maxDistanceKm: number | null;
  /** the child's circumstances: exclusion-criteria codes of @passend/reference/domain */
  exclusionCodes: string[];
  /** ISO 8601 */
  needRecordedAt: string;
  /** the fitting-help norm's due date (3 months, or the urgent date) */
  fittingHelpDueOn: LocalDate;
  agreedCourseMetOn: LocalDate | null;
}

export interface WaitingChildrenScope {
  /** youth-care regions of the child's home municipality */
  regionCodes?: string[];
  measureIds?: string[];
}

interface Row {
  measure_id: string;
  need_id: string;
  institution_id: string;
  child_id: string;
  date_of_birth_enc: string;
  home_municipality_code: string;
  network_municipality_code: string | null;
  ruling_date: string;
  kind: MeasureKind;
  urgent: boolean;
  urgent_help_due_on: string | null;
  category_code: string;
  specialism_codes: string[];
  setting_constraints: string[];
  secure_authorisation_from: string | null;
  secure_authorisation_to: string | null;
  urgency: NeedUrgency;
  keep_with_siblings: boolean;
  sibling_group: string | null;
  max_distance_km: number | null;
  circumstance_codes: string[];
  recorded_at: Date;
  agreed_course_met_on: string | null;
}

/**
 * Cases' read port for matching: every open measure (not past its end date) without a fitting-help
 * milestone, one entry per need, by measure and the order the needs were recorded. The region
 * of a home municipality comes from the reference catalogue. No access log: matching runs as
 * the system, and logs its own decisions.
 */
@Injectable()
export class WaitingChildren {
  private readonly settings: NormSettings;

  constructor(
    private readonly dataSource: DataSource,
    private readonly personalData: CasePersonalData,
    private readonly reference: ReferenceCatalog,
    @InjectConfig() config: Pick<PassendConfig, 'norms'>,
  ) {
    this.settings = normSettingsOf(config);
  }

  async list(scope: WaitingChildrenScope, today: LocalDate, runner: SqlRunner = this.dataSource.manager): Promise<WaitingChild[]> {
    const regionOf = new Map((await this.reference.municipalities()).map((m) => [m.code, m.regionCode]));
    const municipalities = scope.regionCodes ? [...regionOf].filter(([, region]) => scope.regionCodes!.includes(region)).map(([code]) => code) : null;
    if (municipalities?.length === 0 || scope.measureIds?.length === 0) return [];
    const rows = (await (runner as EntityManager).query(
      `SELECT m.id AS measure_id, n.id AS need_id, m.institution_id, c.id AS child_id, c.date_of_birth_enc, c.home_municipality_code, c.network_municipality_code,
              m.ruling_date::text, m.kind, m.urgent, m.urgent_help_due_on::text,
              n.category_code, n.specialism_codes, n.setting_constraints, n.secure_authorisation_from::text, n.secure_authorisation_to::text,
              n.urgency, n.keep_with_siblings, n.sibling_group, n.max_distance_km, n.circumstance_codes, n.recorded_at,
              (SELECT ac.met_on::text FROM cases.milestone ac WHERE ac.measure_id = m.id AND ac.kind = 'agreed_course') AS agreed_course_met_on
         FROM cases.measure m
         JOIN cases.child c ON c.id = m.child_id
         JOIN cases.need n ON n.measure_id = m.id
        WHERE m.status = 'open' AND (m.end_date IS NULL OR m.end_date >= $1::date)
          AND NOT EXISTS (SELECT 1 FROM cases.milestone f WHERE f.measure_id = m.id AND f.kind = 'fitting_help')
          AND ($2::text[] IS NULL OR c.home_municipality_code = ANY($2::text[]))
          AND ($3::uuid[] IS NULL OR m.id = ANY($3::uuid[]))
        ORDER BY m.id, n.recorded_at, n.id`,
      [today, municipalities, scope.measureIds ?? null],
    )) as Row[];
    return rows.map((r) => ({
      measureId: r.measure_id,
      needId: r.need_id,
      institutionId: r.institution_id,
      childId: r.child_id,
      dateOfBirth: this.personalData.open('child', r.child_id, 'date_of_birth_enc', r.date_of_birth_enc),
      homeMunicipalityCode: r.home_municipality_code,
      homeRegionCode: regionOf.get(r.home_municipality_code)!,
      networkMunicipalityCode: r.network_municipality_code,
      rulingDate: r.ruling_date,
      measureKind: r.kind,
      urgent: r.urgent,
      categoryCode: r.category_code,
      specialismCodes: r.specialism_codes,
      settingConstraints: r.setting_constraints,
      secureAuthorisation: r.secure_authorisation_from && r.secure_authorisation_to ? { from: r.secure_authorisation_from, to: r.secure_authorisation_to } : null,
      urgency: r.urgency,
      keepWithSiblings: r.keep_with_siblings,
      siblingGroup: r.sibling_group,
      maxDistanceKm: r.max_distance_km,
      exclusionCodes: r.circumstance_codes,
      needRecordedAt: r.recorded_at.toISOString(),
      fittingHelpDueOn: dueDate('fitting_help', r.ruling_date, this.settings, { urgentHelpDueDate: r.urgent_help_due_on }),
      agreedCourseMetOn: r.agreed_course_met_on,
    }));
  }
}
