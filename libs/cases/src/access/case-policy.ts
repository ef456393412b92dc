import { definePolicy } from '@passend/identity';
import type { Principal } from '@passend/platform';

/**
 * Who may see and change a case: guardians of the certified institution that carries out the
 * measure, nobody else. Region officers and the inspection see aggregates (dashboards), providers
 * a pseudonymised profile (matching), administrators no child data: here all of them get 403,
 * and AccessControl logs the denial.
 */
export interface CaseOwnership {
  institutionId: string;
}

export type CaseAction =
  | 'create'
  | 'read'
  | 'list'
  | 'read_timeline'
  | 'assign_guardian'
  | 'add_need'
  | 'record_milestone'
  | 'record_help_experience'
  | 'record_client_voice'
  | 'correct_child';

export const ownInstitutionGuardian = (p: Principal, r: CaseOwnership): boolean =>
  p.role === 'guardian' && p.organisationKind === 'certified_institution' && p.organisationId === r.institutionId;

export const casePolicy = definePolicy<CaseOwnership, CaseAction>('case', {
  create: ownInstitutionGuardian,
  read: ownInstitutionGuardian,
  list: ownInstitutionGuardian,
  read_timeline: ownInstitutionGuardian,
  assign_guardian: ownInstitutionGuardian,
  add_need: ownInstitutionGuardian,
  record_milestone: ownInstitutionGuardian,
  record_help_experience: ownInstitutionGuardian,
  record_client_voice: ownInstitutionGuardian,
  // the institution's own record of the child, through an open measure of that institution
  correct_child: ownInstitutionGuardian,
});

/**
 * An institution's case list and caseload. For now every guardian of the institution; team leads
 * (a role still to come) will be the ones who see the caseload of their team.
 */
/** An institution's records; `actorLeadsTeam`: the acting guardian is one of its team leads (cases.team_lead). */
export interface InstitutionOwnership extends CaseOwnership {
  actorLeadsTeam?: boolean;
}

export const institutionCasesPolicy = definePolicy<InstitutionOwnership, 'list_cases' | 'read_caseload'>('institution', {
  list_cases: ownInstitutionGuardian,
  // the caseload of every guardian is the team leads' view
  read_caseload: (p, r) => ownInstitutionGuardian(p, r) && r.actorLeadsTeam === true,
});
