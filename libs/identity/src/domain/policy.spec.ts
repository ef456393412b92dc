import { describe, expect, it } from '@jest/globals';
import type { Principal } from '@passend/platform/domain';
import { definePolicy, hasRole, isAllowed, sameOrganisation } from './policy.js';

interface Offering { providerId: string }
const offeringPolicy = definePolicy<Offering, 'read' | 'updateCapacity' | 'remove'>('offering', {
  read: () => true,
  updateCapacity: sameOrganisation((o) => o.providerId, 'provider_staff'),
  remove: hasRole('admin'),
});
const staff = (organisationId: string): Principal => ({ userId: 'u1', role: 'provider_staff', organisationId, organisationKind: 'provider' });

describe('policies', () => {
  it('lets provider staff change only their own organisation\'s offerings', () => {
    expect(isAllowed(offeringPolicy, staff('p1'), 'updateCapacity', { providerId: 'p1' })).toBe(true);
    expect(isAllowed(offeringPolicy, staff('p2'), 'updateCapacity', { providerId: 'p1' })).toBe(false);
  });

  it('checks the role as well as the organisation', () => {
    const guardianAtP1: Principal = { ...staff('p1'), role: 'guardian', organisationKind: 'certified_institution' };
    expect(isAllowed(offeringPolicy, guardianAtP1, 'updateCapacity', { providerId: 'p1' })).toBe(false);
  });

  it('denies an action that has no rule', () => {
    const partial = definePolicy<Offering, string>('offering', { read: () => true });
    expect(isAllowed(partial, staff('p1'), 'delete', { providerId: 'p1' })).toBe(false);
  });
});
