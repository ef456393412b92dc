import { describe, expect, it } from '@jest/globals';
import { isAllowed } from '@passend/identity';
import type { OrganisationKind, Principal, Role } from '@passend/platform';
import { dashboardPolicy } from './dashboard-policy.js';

const GI = '11111111-1111-4111-8111-111111111111';
const OTHER_GI = '22222222-2222-4222-8222-222222222222';
const who = (role: Role, organisationId: string, organisationKind: OrganisationKind): Principal => ({ userId: 'u', role, organisationId, organisationKind });

describe('dashboardPolicy', () => {
  it.each([
    [who('region_officer', 'r', 'region'), true],
    [who('region_officer', 'i', 'inspection'), true],
    [who('admin', 'p', 'platform'), true],
    [who('guardian', GI, 'certified_institution'), true],
    [who('provider_staff', 'x', 'provider'), false],
    [who('expert_member', 't', 'expert_table'), false],
  ])('region and area dashboards: %o may read: %p', (principal, allowed) => {
    expect(isAllowed(dashboardPolicy, principal, 'read', { kind: 'regions' })).toBe(allowed);
  });

  it.each([
    [who('guardian', GI, 'certified_institution'), true],
    [who('admin', 'p', 'platform'), true],
    [who('guardian', OTHER_GI, 'certified_institution'), false],
    [who('region_officer', GI, 'region'), false],
    [who('provider_staff', GI, 'provider'), false],
    [who('expert_member', GI, 'expert_table'), false],
  ])('an institution dashboard: %o may read: %p', (principal, allowed) => {
    expect(isAllowed(dashboardPolicy, principal, 'read', { kind: 'institution', institutionId: GI })).toBe(allowed);
  });
});
