import { Injectable } from '@nestjs/common';
import { UserDirectory } from '@passend/identity';
import { DomainError, InjectConfig, type PassendConfig } from '@passend/platform';
import type { EntityManager } from 'typeorm';
import { CasePersonalData } from '../children/personal-data.js';
import type { Milestone, NormSettings } from '../domain/norm-clock.js';
import { normSettingsOf } from './norm-settings.js';
import type { LocalDate } from '../domain/local-date.js';
import type { AssignmentKind, MeasureKind, MeasureStatus, NeedUrgency, Speaker } from '../entities.js';
import type { CaseEventResponse, CaseResponse, GuardianAssignmentResponse, MilestoneResponse } from './cases.dto.js';
import { clockView, type MilestoneFacts } from './clock-view.js';

interface MeasureRow {
  id: string;
  version: number;
  status: MeasureStatus;
  kind: MeasureKind;
  ruling_date: string;
  end_date: string | null;
  urgent: boolean;
  urgent_help_due_on: string | null;
  institution_id: string;
  created_at: Date;
  child_id: string;
  given_names_enc: string;
  family_name_enc: string;
  bsn_enc: string;
  date_of_birth_enc: string;
  home_municipality_code: string;
  home_region_code: string;
  network_municipality_code: string | null;
}

interface AssignmentRow {
  id: string;
  guardian_user_id: string;
  kind: AssignmentKind;
  from_date: string;
  to_date: string | null;
}

interface MilestoneRow {
  id: string;
  kind: Milestone;
  met_on: string;
  explanation_code: string | null;
  explanation_text_enc: string | null;
  agreed_by: string[] | null;
  offering_id: string | null;
  recorded_by: string;
  recorded_at: Date;
}

interface ExperienceRow {
  id: string;
  milestone_id: string;
  follow_up_on: string;
  child_experiences_fitting: boolean | null;
  parents_experience_fitting: boolean | null;
  professional_explanation_enc: string;
  recorded_at: Date;
}

interface NeedRow {
  id: string;
  category_code: string;
  specialism_codes: string[];
  setting_constraints: string[];
  secure_authorisation_from: string | null;
  secure_authorisation_to: string | null;
  urgency: NeedUrgency;
  keep_with_siblings: boolean;
  max_distance_km: number | null;
  sibling_group: string | null;
  circumstance_codes: string[];
  notes_enc: string | null;
  recorded_at: Date;
}

interface VoiceRow {
  id: string;
  milestone_kind: Milestone | null;
  speaker: Speaker;
  statement_enc: string;
  recorded_at: Date;
}

const toAssignment = (a: AssignmentRow & { display_name: string }): GuardianAssignmentResponse => ({
  id: a.id,
  guardianUserId: a.guardian_user_id,
  displayName: a.display_name,
  kind: a.kind,
  fromDate: a.from_date,
  toDate: a.to_date,
});

/**
 * Reads whole cases and timelines and decrypts them. It decides nothing and logs nothing: callers
 * go through CaseAccess first (which logs the access), then read here, in their transaction.
 */
@Injectable()
export class CaseRecords {
  /** this deployment's norm settings */
  readonly normSettings: NormSettings;

  constructor(
    private readonly personalData: CasePersonalData,
    private readonly users: UserDirectory,
    @InjectConfig() config: Pick<PassendConfig, 'norms'>,
  ) {
    this.normSettings = normSettingsOf(config);
  }

  async load(manager: EntityManager, measureId: string, today: LocalDate): Promise<CaseResponse> {
    const [m] = (await manager.query(
      `SELECT m.id, m.version, m.status, m.kind, m.ruling_date::text, m.end_date::text, m.urgent, m.urgent_help_due_on::text, m.institution_id, m.created_at,
              c.id AS child_id, c.given_names_enc, c.family_name_enc, c.bsn_enc, c.date_of_birth_enc, c.home_municipality_code,
              mu.region_code AS home_region_code, c.network_municipality_code
         FROM cases.measure m
         JOIN cases.child c ON c.id = m.child_id
         JOIN reference.municipality mu ON mu.code = c.home_municipality_code
        WHERE m.id = $1`,
      [measureId],
    )) as MeasureRow[];
    if (!m) throw DomainError.notFound('Case');
    // one after another: in a transaction they share one connection
    const assignmentRows = (await manager.query(
      `SELECT a.id, a.guardian_user_id, a.kind, a.from_date::text, a.to_date::text
         FROM cases.guardian_assignment a
        WHERE a.measure_id = $1 ORDER BY a.from_date DESC, a.created_at DESC`,
      [measureId],
    )) as AssignmentRow[];
    const names = await this.users.displayNames(assignmentRows.map((a) => a.guardian_user_id), manager);
    const assignments = assignmentRows.map((a) => ({ ...a, display_name: names.get(a.guardian_user_id)! }));
    const milestones = (await manager.query(
      `SELECT id, kind, met_on::text, explanation_code, explanation_text_enc, agreed_by, offering_id, recorded_by, recorded_at
         FROM cases.milestone WHERE measure_id = $1 ORDER BY met_on, recorded_at`,
      [measureId],
    )) as MilestoneRow[];
    const experiences = (await manager.query(
      `SELECT e.id, e.milestone_id, e.follow_up_on::text, e.child_experiences_fitting, e.parents_experience_fitting, e.professional_explanation_enc, e.recorded_at
         FROM cases.help_experience e JOIN cases.milestone ms ON ms.id = e.milestone_id
        WHERE ms.measure_id = $1 ORDER BY e.follow_up_on`,
      [measureId],
    )) as ExperienceRow[];
    const needs = (await manager.query(
      `SELECT id, category_code, specialism_codes, setting_constraints, secure_authorisation_from::text, secure_authorisation_to::text, urgency,
              keep_with_siblings, max_distance_km, sibling_group, circumstance_codes, notes_enc, recorded_at
         FROM cases.need WHERE measure_id = $1 ORDER BY recorded_at, id`,
      [measureId],
    )) as NeedRow[];
    const voices = (await manager.query(
      `SELECT id, milestone_kind, speaker, statement_enc, recorded_at FROM cases.client_voice WHERE measure_id = $1 ORDER BY recorded_at, id`,
      [measureId],
    )) as VoiceRow[];

    const pd = this.personalData;
    const child = pd.openChild(m.child_id, m);
    const open = assignments.filter((a) => a.to_date === null);
    const facts: Partial<Record<Milestone, MilestoneFacts>> = {};
    for (const ms of milestones) facts[ms.kind] = { metOn: ms.met_on, explained: ms.explanation_code !== null };

    return {
      id: m.id,
      version: m.version,
      status: m.status,
      kind: m.kind,
      rulingDate: m.ruling_date,
      endDate: m.end_date,
      urgent: m.urgent,
      urgentHelpDueOn: m.urgent_help_due_on,
      institutionId: m.institution_id,
      createdAt: m.created_at.toISOString(),
      child: {
        id: m.child_id,
        ...child,
        homeMunicipalityCode: m.home_municipality_code,
        homeRegionCode: m.home_region_code,
        networkMunicipalityCode: m.network_municipality_code,
      },
      permanentGuardian: open.filter((a) => a.kind === 'permanent').map(toAssignment)[0] ?? null,
      temporaryGuardian: open.filter((a) => a.kind === 'temporary').map(toAssignment)[0] ?? null,
      guardianHistory: assignments.map(toAssignment),
      clocks: clockView({ rulingDate: m.ruling_date, urgentHelpDueOn: m.urgent_help_due_on }, facts, today, this.normSettings),
      milestones: milestones.map(
        (ms): MilestoneResponse => ({
          kind: ms.kind,
          metOn: ms.met_on,
          explanation:
            ms.explanation_code === null
              ? null
              : { reasonCode: ms.explanation_code, text: pd.open('milestone', ms.id, 'explanation_text_enc', ms.explanation_text_enc!) },
          agreedBy: ms.agreed_by,
          offeringId: ms.offering_id,
          recordedBy: ms.recorded_by,
          recordedAt: ms.recorded_at.toISOString(),
          experiences: experiences
            .filter((e) => e.milestone_id === ms.id)
            .map((e) => ({
              id: e.id,
              followUpOn: e.follow_up_on,
              childExperiencesFitting: e.child_experiences_fitting,
              parentsExperienceFitting: e.parents_experience_fitting,
              professionalExplanation: pd.open('help_experience', e.id, 'professional_explanation_enc', e.professional_explanation_enc),
              recordedAt: e.recorded_at.toISOString(),
            })),
        }),
      ),
      needs: needs.map((n) => ({
        id: n.id,
        categoryCode: n.category_code,
        specialismCodes: n.specialism_codes,
        settingConstraints: n.setting_constraints,
        secureAuthorisationFrom: n.secure_authorisation_from,
        secureAuthorisationTo: n.secure_authorisation_to,
        urgency: n.urgency,
        keepWithSiblings: n.keep_with_siblings,
        maxDistanceKm: n.max_distance_km,
        siblingGroup: n.sibling_group,
        circumstanceCodes: n.circumstance_codes,
        notes: pd.openOptional('need', n.id, 'notes_enc', n.notes_enc),
        recordedAt: n.recorded_at.toISOString(),
      })),
      clientVoice: voices.map((v) => ({
        id: v.id,
        milestone: v.milestone_kind,
        speaker: v.speaker,
        statement: pd.open('client_voice', v.id, 'statement_enc', v.statement_enc),
        recordedAt: v.recorded_at.toISOString(),
      })),
    };
  }

  async timeline(manager: EntityManager, measureId: string): Promise<CaseEventResponse[]> {
    const rows = (await manager.query(
      `SELECT e.id::text AS id, e.at, e.actor_user_id, e.kind, e.summary, e.refs FROM cases.case_event e WHERE e.measure_id = $1 ORDER BY e.id`,
      [measureId],
    )) as { id: string; at: Date; actor_user_id: string | null; kind: string; summary: string; refs: Record<string, unknown> }[];
    return rows.map((r) => ({ id: r.id, at: r.at.toISOString(), actorUserId: r.actor_user_id, kind: r.kind, summary: r.summary, refs: r.refs }));
  }
}
