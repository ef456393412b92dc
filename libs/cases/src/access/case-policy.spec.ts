import { describe, expect, it } from '@jest/globals';
import { isAllowed } from '@passend/identity';
import { ROLES, type OrganisationKind, type Principal, type Role } from '@passend/platform';
import { casePolicy, institutionCasesPolicy, type CaseAction } from './case-policy.js';

const institution = 'gi-1';
const principal = (role: Role, organisationId = institution, organisationKind: OrganisationKind = 'certified_institution'): Principal => ({
  userId: 'u-1',
  role,
  organisationId,
  organisationKind,
});
const ACTIONS = Object.keys(casePolicy.rules) as CaseAction[];

describe('case policy', () => {
  it("lets guardians of the measure's own institution do everything", () => {
    for (const action of ACTIONS) expect(isAllowed(casePolicy, principal('guardian'), action, { institutionId: institution })).toBe(true);
    expect(isAllowed(institutionCasesPolicy, principal('guardian'), 'list_cases', { institutionId: institution })).toBe(true);
    expect(isAllowed(institutionCasesPolicy, principal('guardian'), 'read_caseload', { institutionId: institution, actorLeadsTeam: true })).toBe(true);
    expect(isAllowed(institutionCasesPolicy, principal('guardian'), 'read_caseload', { institutionId: institution, actorLeadsTeam: false })).toBe(false);
  });

  it("refuses a guardian of another institution", () => {
    for (const action of ACTIONS) expect(isAllowed(casePolicy, principal('guardian', 'gi-2'), action, { institutionId: institution })).toBe(false);
    expect(isAllowed(institutionCasesPolicy, principal('guardian', 'gi-2'), 'read_caseload', { institutionId: institution, actorLeadsTeam: true })).toBe(false);
  });

  it('refuses every other role, even with the same organisation id', () => {
    for (const role of ROLES.filter((r) => r !== 'guardian')) {
      for (const action of ACTIONS) expect(isAllowed(casePolicy, principal(role), action, { institutionId: institution })).toBe(false);
      expect(isAllowed(institutionCasesPolicy, principal(role), 'list_cases', { institutionId: institution })).toBe(false);
    }
  });

  it('refuses a "guardian" whose organisation is not a certified institution', () => {
    expect(isAllowed(casePolicy, principal('guardian', institution, 'provider'), 'read', { institutionId: institution })).toBe(false);
  });
});
