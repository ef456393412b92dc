import { Injectable } from '@nestjs/common';
import { AccessControl, UserDirectory } from '@passend/identity';
import { Clock, DomainError, ErrorCode, type Actor, type FieldProblem } from '@passend/platform';
import { ReferenceCatalog } from '@passend/reference';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { CaseAccess } from '../access/case-access.js';
import { casePolicy, institutionCasesPolicy } from '../access/case-policy.js';
import { CasePersonalData, type ChildIdentity } from '../children/personal-data.js';
import { isValidBsn, normaliseBsn } from '../domain/bsn.js';
import { EXPLANATION_REASONS } from '../domain/explanation-reasons.js';
import { compareDates, isLocalDate, todayInAmsterdam, type LocalDate } from '../domain/local-date.js';
import type { Milestone } from '../domain/norm-clock.js';
import type { MeasureKind, MeasureStatus } from '../entities.js';
import { CaseEffects } from '../timeline/case-effects.js';
import { CaseRecords } from './case-records.js';
import type { CaseListQuery, CasePageResponse, CaseResponse, CorrectChildRequest, ExplanationReasonResponse, OpenCaseRequest, TimelineResponse } from './cases.dto.js';
import { clockView, type MilestoneFacts } from './clock-view.js';

interface SummaryRow {
  id: string;
  status: MeasureStatus;
  kind: MeasureKind;
  ruling_date: string;
  urgent: boolean;
  urgent_help_due_on: string | null;
  institution_id: string;
  child_id: string;
  given_names_enc: string;
  family_name_enc: string;
  bsn_enc: string;
  date_of_birth_enc: string;
  guardian_user_id: string | null;
  milestones: { kind: Milestone; metOn: string; explained: boolean }[];
  total: string;
}

/** Postgres' unique_violation on the index that refuses the same ruling twice. */
const isSameRulingTwice = (error: unknown) =>
  (error as { code?: string; constraint?: string }).code === '23505' && (error as { constraint?: string }).constraint === 'measure_same_ruling_uq';

const sameRulingTwice = () => new DomainError(ErrorCode.Conflict, 'This child already has an open case for this measure and ruling date', { reason: 'same_ruling' });

/**
 * Opening, listing and reading cases.
 *
 * Audit: every read is an access to the child's record, logged with purpose 'care'. A list
 * request logs one entry for the request (subject: the institution, action 'list_cases', which is
 * also where a refusal is logged) and one entry per case on the page (subject: the case, action
 * 'list'), because the page shows each child's name: "who saw this child" must find list views too.
 */
@Injectable()
export class CaseService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: AccessControl,
    private readonly cases: CaseAccess,
    private readonly records: CaseRecords,
    private readonly personalData: CasePersonalData,
    private readonly reference: ReferenceCatalog,
    private readonly effects: CaseEffects,
    private readonly users: UserDirectory,
    private readonly clock: Clock,
  ) {}

  /**
   * A new case: the institution's record of the child (found again by BSN among its own records,
   * or new) and the measure, for the guardian's own institution. Everything is checked before anything is written; the access entry, the rows,
   * the timeline event and the outbox job commit together.
   */
  async open(actor: Actor, request: OpenCaseRequest): Promise<CaseResponse> {
    const today = todayInAmsterdam(this.clock.now());
    const institutionId = request.measure.institutionId ?? actor.principal.organisationId;
    const measureId = randomUUID();
    return this.dataSource.transaction(async (manager) => {
      await this.access.authorize(actor, { policy: casePolicy, action: 'create', record: { institutionId }, subjectId: measureId, purpose: 'care', manager });
      const problems = await this.openingProblems(request, today);
      if (problems.length) throw DomainError.validation(problems);
      const { child: c, measure: m } = request;
      const childId = await this.saveChild(manager, institutionId, { givenNames: c.givenNames.trim(), familyName: c.familyName.trim(), bsn: normaliseBsn(c.bsn), dateOfBirth: c.dateOfBirth }, c.homeMunicipalityCode, c.networkMunicipalityCode ?? null);
      // the child's row is locked (found FOR UPDATE, or inserted): openings for one child take turns,
      // so this check holds; the unique index stays the backstop
      const same = (await manager.query(
        `SELECT 1 FROM cases.measure WHERE child_id = $1 AND kind = $2 AND ruling_date = $3 AND institution_id = $4 AND status = 'open'`,
        [childId, m.kind, m.rulingDate, institutionId],
      )) as unknown[];
      if (same.length) throw sameRulingTwice();
      try {
        await manager.query(
          `INSERT INTO cases.measure (id, child_id, kind, ruling_date, end_date, institution_id, urgent, urgent_help_due_on, created_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [measureId, childId, m.kind, m.rulingDate, m.endDate ?? null, institutionId, m.urgent ?? false, m.urgentHelpDueOn ?? null, actor.principal.userId],
        );
      } catch (error) {
        throw isSameRulingTwice(error) ? sameRulingTwice() : error;
      }
      await this.effects.changed(manager, actor, measureId, {
        kind: 'case_opened',
        summary: `case opened: ${m.kind}, ruling ${m.rulingDate}${m.endDate ? `, ends ${m.endDate}` : ''}${m.urgent ? ', urgent' : ''}`,
        refs: { childId, institutionId },
      });
      return this.records.load(manager, measureId, today);
    });
  }

  /**
   * A correction of the child's identity in the record of the measure's institution, by a guardian
   * of that institution while the measure is open (others: 403, logged). Audited as
   * 'correct_child' on the case; the timeline names the corrected fields, never their values.
   * Other institutions' records of the same child are untouched.
   */
  async correctChild(actor: Actor, measureId: string, request: CorrectChildRequest): Promise<CaseResponse> {
    const today = todayInAmsterdam(this.clock.now());
    return this.cases.change(actor, measureId, 'correct_child', async (manager, head) => {
      const problems = await this.correctionProblems(request, today);
      if (problems.length) throw DomainError.validation(problems);
      const [row] = (await manager.query(
        `SELECT id, given_names_enc, family_name_enc, bsn_enc, date_of_birth_enc, home_municipality_code, network_municipality_code
           FROM cases.child WHERE id = $1 AND institution_id = $2 FOR UPDATE`,
        [head.childId, head.institutionId],
      )) as { id: string; given_names_enc: string; family_name_enc: string; bsn_enc: string; date_of_birth_enc: string; home_municipality_code: string; network_municipality_code: string | null }[];
      if (!row) throw DomainError.notFound('Case');
      const current = this.personalData.openChild(row.id, row);
      const next: ChildIdentity = {
        givenNames: request.givenNames?.trim() ?? current.givenNames,
        familyName: request.familyName?.trim() ?? current.familyName,
        bsn: current.bsn,
        dateOfBirth: request.dateOfBirth ?? current.dateOfBirth,
      };
      const home = request.homeMunicipalityCode ?? row.home_municipality_code;
      const network = request.networkMunicipalityCode !== undefined ? request.networkMunicipalityCode : row.network_municipality_code;
      const changed = [
        ...(['givenNames', 'familyName', 'dateOfBirth'] as const).filter((f) => next[f] !== current[f]),
        ...(home !== row.home_municipality_code ? ['homeMunicipalityCode'] : []),
        ...(network !== row.network_municipality_code ? ['networkMunicipalityCode'] : []),
      ];
      if (changed.length) {
        const sealed = this.personalData.sealChild(row.id, next);
        await manager.query(
          `UPDATE cases.child SET given_names_enc = $2, family_name_enc = $3, bsn_enc = $4, date_of_birth_enc = $5, key_id = $6,
                  home_municipality_code = $7, network_municipality_code = $8, updated_at = now() WHERE id = $1`,
          [row.id, sealed.given_names_enc, sealed.family_name_enc, sealed.bsn_enc, sealed.date_of_birth_enc, sealed.key_id, home, network],
        );
        await this.effects.changed(manager, actor, measureId, { kind: 'child_corrected', summary: `child corrected: ${changed.join(', ')}`, refs: { fields: changed } });
      }
      return this.records.load(manager, measureId, today);
    });
  }

  async get(actor: Actor, measureId: string): Promise<CaseResponse> {
    await this.cases.forRead(actor, measureId, 'read');
    return this.records.load(this.dataSource.manager, measureId, todayInAmsterdam(this.clock.now()));
  }

  async timeline(actor: Actor, measureId: string): Promise<TimelineResponse> {
    await this.cases.forRead(actor, measureId, 'read_timeline');
    return { caseId: measureId, events: await this.records.timeline(this.dataSource.manager, measureId) };
  }

  /** The cases of the guardian's own institution, newest ruling first, each with its three clocks. */
  async list(actor: Actor, query: CaseListQuery): Promise<CasePageResponse> {
    const institutionId = actor.principal.organisationId;
    await this.access.authorize(actor, { policy: institutionCasesPolicy, action: 'list_cases', record: { institutionId }, subjectId: institutionId, purpose: 'care' });
    const today = todayInAmsterdam(this.clock.now());
    return this.dataSource.transaction(async (manager) => {
      const rows = (await manager.query(
        `SELECT m.id, m.status, m.kind, m.ruling_date::text, m.urgent, m.urgent_help_due_on::text, m.institution_id,
                c.id AS child_id, c.given_names_enc, c.family_name_enc, c.bsn_enc, c.date_of_birth_enc,
                g.guardian_user_id,
                coalesce((SELECT json_agg(json_build_object('kind', ms.kind, 'metOn', ms.met_on::text, 'explained', ms.explanation_code IS NOT NULL))
                            FROM cases.milestone ms WHERE ms.measure_id = m.id), '[]') AS milestones,
                count(*) OVER () AS total
           FROM cases.measure m
           JOIN cases.child c ON c.id = m.child_id
           LEFT JOIN cases.guardian_assignment g ON g.measure_id = m.id AND g.kind = 'permanent' AND g.to_date IS NULL
          WHERE m.institution_id = $1 AND m.status = $2 AND c.anonymised_at IS NULL
          ORDER BY m.ruling_date DESC, m.id
          LIMIT $3 OFFSET $4`,
        [institutionId, query.status, query.perPage, (query.page - 1) * query.perPage],
      )) as SummaryRow[];
      for (const row of rows) {
        await this.access.authorize(actor, { policy: casePolicy, action: 'list', record: { institutionId: row.institution_id }, subjectId: row.id, purpose: 'care', manager });
      }
      const names = await this.users.displayNames(rows.flatMap((r) => (r.guardian_user_id ? [r.guardian_user_id] : [])), manager);
      const total = rows[0] ? Number(rows[0].total) : await this.count(manager, institutionId, query.status);
      return {
        items: rows.map((r) => {
          const child = this.personalData.openChild(r.child_id, r);
          const facts: Partial<Record<Milestone, MilestoneFacts>> = {};
          for (const ms of r.milestones) facts[ms.kind] = { metOn: ms.metOn, explained: ms.explained };
          return {
            id: r.id,
            status: r.status,
            kind: r.kind,
            rulingDate: r.ruling_date,
            urgent: r.urgent,
            childGivenNames: child.givenNames,
            childFamilyName: child.familyName,
            permanentGuardian: r.guardian_user_id ? { userId: r.guardian_user_id, displayName: names.get(r.guardian_user_id)! } : null,
            clocks: clockView({ rulingDate: r.ruling_date, urgentHelpDueOn: r.urgent_help_due_on }, facts, today, this.records.normSettings),
          };
        }),
        total,
        page: query.page,
        perPage: query.perPage,
      };
    });
  }

  explanationReasons(): ExplanationReasonResponse[] {
    return EXPLANATION_REASONS.map((r) => ({ code: r.code, label: r.label }));
  }

  private async count(manager: EntityManager, institutionId: string, status: MeasureStatus): Promise<number> {
    const [row] = (await manager.query(
      `SELECT count(*)::int AS n FROM cases.measure m JOIN cases.child c ON c.id = m.child_id WHERE m.institution_id = $1 AND m.status = $2 AND c.anonymised_at IS NULL`,
      [institutionId, status],
    )) as { n: number }[];
    return row!.n;
  }

  private async correctionProblems(request: CorrectChildRequest, today: LocalDate): Promise<FieldProblem[]> {
    const problems: FieldProblem[] = [];
    const given = (['givenNames', 'familyName', 'dateOfBirth', 'homeMunicipalityCode', 'networkMunicipalityCode'] as const).filter((f) => request[f] !== undefined);
    if (!given.length) problems.push({ field: 'child', message: 'name at least one field to correct' });
    for (const f of ['givenNames', 'familyName', 'dateOfBirth', 'homeMunicipalityCode'] as const) {
      if (request[f] === null) problems.push({ field: `child.${f}`, message: `${f} cannot be removed` });
    }
    if (typeof request.givenNames === 'string' && !request.givenNames.trim()) problems.push({ field: 'child.givenNames', message: 'givenNames must not be blank' });
    if (typeof request.familyName === 'string' && !request.familyName.trim()) problems.push({ field: 'child.familyName', message: 'familyName must not be blank' });
    if (typeof request.dateOfBirth === 'string') {
      if (!isLocalDate(request.dateOfBirth)) problems.push({ field: 'child.dateOfBirth', message: 'dateOfBirth is not a calendar date' });
      else if (compareDates(request.dateOfBirth, today) > 0) problems.push({ field: 'child.dateOfBirth', message: 'dateOfBirth cannot be in the future' });
    }
    for (const f of ['homeMunicipalityCode', 'networkMunicipalityCode'] as const) {
      const code = request[f];
      if (typeof code === 'string' && !(await this.reference.municipality(code))) problems.push({ field: `child.${f}`, message: `${code} is not a municipality of 2025` });
    }
    return problems;
  }

  /** Every problem of a new case at once, each naming its field (never echoing the BSN). */
  private async openingProblems(request: OpenCaseRequest, today: LocalDate): Promise<FieldProblem[]> {
    const { child, measure } = request;
    const problems: FieldProblem[] = [];
    if (!isValidBsn(normaliseBsn(child.bsn))) problems.push({ field: 'child.bsn', message: 'bsn is not a valid BSN: nine digits that pass the eleven-test' });
    if (!child.givenNames.trim()) problems.push({ field: 'child.givenNames', message: 'givenNames must not be blank' });
    if (!child.familyName.trim()) problems.push({ field: 'child.familyName', message: 'familyName must not be blank' });
    if (!isLocalDate(child.dateOfBirth)) problems.push({ field: 'child.dateOfBirth', message: 'dateOfBirth is not a calendar date' });
    else if (compareDates(child.dateOfBirth, today) > 0) problems.push({ field: 'child.dateOfBirth', message: 'dateOfBirth cannot be in the future' });
    if (!(await this.reference.municipality(child.homeMunicipalityCode))) {
      problems.push({ field: 'child.homeMunicipalityCode', message: `${child.homeMunicipalityCode} is not a municipality of 2025` });
    }
    if (child.networkMunicipalityCode !== undefined && !(await this.reference.municipality(child.networkMunicipalityCode))) {
      problems.push({ field: 'child.networkMunicipalityCode', message: `${child.networkMunicipalityCode} is not a municipality of 2025` });
    }

    const ruling = isLocalDate(measure.rulingDate) ? measure.rulingDate : undefined;
    if (!ruling) problems.push({ field: 'measure.rulingDate', message: 'rulingDate is not a calendar date' });
    else if (compareDates(ruling, today) > 0) problems.push({ field: 'measure.rulingDate', message: `rulingDate cannot be in the future (today is ${today})` });
    if (measure.endDate !== undefined) {
      if (!isLocalDate(measure.endDate)) problems.push({ field: 'measure.endDate', message: 'endDate is not a calendar date' });
      else if (ruling && compareDates(measure.endDate, ruling) < 0) problems.push({ field: 'measure.endDate', message: `endDate cannot be before the ruling (${ruling})` });
    }
    if (measure.urgentHelpDueOn !== undefined) {
      if (!measure.urgent) problems.push({ field: 'measure.urgentHelpDueOn', message: 'urgentHelpDueOn is for urgent measures only (set urgent: true)' });
      else if (!isLocalDate(measure.urgentHelpDueOn)) problems.push({ field: 'measure.urgentHelpDueOn', message: 'urgentHelpDueOn is not a calendar date' });
      else if (ruling && compareDates(measure.urgentHelpDueOn, ruling) < 0) problems.push({ field: 'measure.urgentHelpDueOn', message: `urgentHelpDueOn cannot be before the ruling (${ruling})` });
    }
    return problems;
  }

  /**
   * The institution's own record of the child: found by the BSN's keyed hash among this
   * institution's records (a child with a second measure here is one child), else a new record.
   * Institutions are walls: a record of another institution for the same BSN is neither read,
   * changed nor revealed. Opening never rewrites an existing record's identity: corrections go
   * through `correctChild` (audited, on the timeline).
   */
  private async saveChild(manager: EntityManager, institutionId: string, identity: ChildIdentity, home: string, network: string | null): Promise<string> {
    // while a key rotation runs, this institution's record may still carry the hash under the old key
    const hmacs = this.personalData.bsnHmacs(identity.bsn);
    const find = async () =>
      ((await manager.query(`SELECT id FROM cases.child WHERE institution_id = $1 AND bsn_hmac = ANY($2::text[]) ORDER BY bsn_hmac = $3 DESC LIMIT 1 FOR UPDATE`, [institutionId, hmacs, hmacs[0]])) as { id: string }[])[0]?.id;

    const existing = await find();
    if (existing) return existing;
    const childId = randomUUID();
    const sealed = this.personalData.sealChild(childId, identity);
    const inserted = (await manager.query(
      `INSERT INTO cases.child (id, institution_id, given_names_enc, family_name_enc, bsn_enc, date_of_birth_enc, bsn_hmac, key_id, home_municipality_code, network_municipality_code)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (institution_id, bsn_hmac) DO NOTHING RETURNING id`,
      [childId, institutionId, sealed.given_names_enc, sealed.family_name_enc, sealed.bsn_enc, sealed.date_of_birth_enc, sealed.bsn_hmac, sealed.key_id, home, network],
    )) as { id: string }[];
    if (inserted[0]) return childId;
    // registered at the same moment by another request of this institution: use that record
    return (await find())!;
  }
}
