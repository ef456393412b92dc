import { describe, expect, it } from '@jest/globals';
import { ORGANISATION_KINDS, ROLES } from '@passend/platform/domain';
import { roleFitsOrganisation } from './roles.js';

describe('roles and organisation kinds', () => {
  it('lets a guardian work only at a certified institution', () => {
    expect(ORGANISATION_KINDS.filter((k) => roleFitsOrganisation('guardian', k))).toEqual(['certified_institution']);
  });

  it('puts region officers at regions and at the inspection, never at providers', () => {
    expect(roleFitsOrganisation('region_officer', 'region')).toBe(true);
    expect(roleFitsOrganisation('region_officer', 'inspection')).toBe(true);
    expect(roleFitsOrganisation('region_officer', 'provider')).toBe(false);
  });

  it('gives every role at least one organisation kind', () => {
    for (const role of ROLES) expect(ORGANISATION_KINDS.some((k) => roleFitsOrganisation(role, k))).toBe(true);
  });
});
