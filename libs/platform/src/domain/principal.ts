/**
 * The shared vocabulary of access: who acts (a principal with a role at an organisation).
 * Identity issues principals, every other library reads them; the type lives here so that the
 * audit log and feature libraries need not import identity's internals.
 */
export const ORGANISATION_KINDS = [
  'certified_institution', // gecertificeerde instelling (GI): employs guardians
  'provider', // jeugdhulpaanbieder
  'expert_table', // experttafel / expertteam / bovenregionaal expertisenetwerk
  'region', // jeugdzorgregio or municipality
  'inspection', // IGJ / Inspectie JenV
  'platform', // the team that runs Passend
] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export const ROLES = ['guardian', 'provider_staff', 'expert_member', 'region_officer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  userId: string;
  role: Role;
  organisationId: string;
  organisationKind: OrganisationKind;
}
