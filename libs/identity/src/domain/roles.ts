import type { OrganisationKind, Role } from '@passend/platform/domain';

/** Which organisation kinds a role can belong to (DOMAIN.md: who uses the platform). */
export const ROLE_ORGANISATION_KINDS: Record<Role, readonly OrganisationKind[]> = {
  guardian: ['certified_institution'],
  provider_staff: ['provider'],
  expert_member: ['expert_table'],
  region_officer: ['region', 'inspection'],
  admin: ['platform'],
};

export function roleFitsOrganisation(role: Role, kind: OrganisationKind): boolean {
  return ROLE_ORGANISATION_KINDS[role].includes(kind);
}
