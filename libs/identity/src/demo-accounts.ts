import type { OrganisationKind, Role } from '@passend/platform';
import type { EntityManager } from 'typeorm';
import { roleFitsOrganisation } from './domain/roles.js';
import { hashPassword } from './auth/password.js';

/** The demo password of every demo account; printed by `npm start` and listed in the README. */
export const DEMO_PASSWORD = 'passend-demo';

export interface DemoOrganisation {
  key: string;
  kind: OrganisationKind;
  name: string;
  regionCode: string | null;
}

export interface DemoAccount {
  email: string;
  displayName: string;
  role: Role;
  organisation: string;
}

/** Synthetic organisations, one of each kind, so each role has a home. */
export const DEMO_ORGANISATIONS: DemoOrganisation[] = [
  { key: 'gi', kind: 'certified_institution', name: 'Jeugdbescherming Utrecht (synthetisch)', regionCode: 'JZ22' },
  { key: 'provider', kind: 'provider', name: 'Zorgaanbieder De Linde (synthetisch)', regionCode: 'JZ22' },
  { key: 'table', kind: 'expert_table', name: 'Experttafel Utrecht (synthetisch)', regionCode: 'JZ22' },
  { key: 'region', kind: 'region', name: 'Jeugdzorgregio Utrecht Stad (synthetisch)', regionCode: 'JZ22' },
  { key: 'inspection', kind: 'inspection', name: 'Inspectie (demo, synthetisch)', regionCode: null },
  { key: 'platform', kind: 'platform', name: 'Passend beheer', regionCode: null },
];

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { email: 'jeugdbeschermer@demo.passend.nl', displayName: 'Sanne de Jeugdbeschermer', role: 'guardian', organisation: 'gi' },
  { email: 'aanbieder@demo.passend.nl', displayName: 'Ahmed van De Linde', role: 'provider_staff', organisation: 'provider' },
  { email: 'experttafel@demo.passend.nl', displayName: 'Ellen van de Experttafel', role: 'expert_member', organisation: 'table' },
  { email: 'regio@demo.passend.nl', displayName: 'Ruben van de Regio', role: 'region_officer', organisation: 'region' },
  { email: 'inspectie@demo.passend.nl', displayName: 'Ingrid van de Inspectie', role: 'region_officer', organisation: 'inspection' },
  { email: 'beheer@demo.passend.nl', displayName: 'Bram Beheerder', role: 'admin', organisation: 'platform' },
];

/** Creates the demo organisations and accounts once; running it again changes nothing. */
export async function seedDemoAccounts(manager: EntityManager): Promise<{ organisations: number; accounts: number }> {
  const ids = new Map<string, string>();
  let organisations = 0;
  for (const org of DEMO_ORGANISATIONS) {
    const existing = (await manager.query(`SELECT id FROM identity.organisation WHERE name = $1 AND synthetic`, [org.name])) as { id: string }[];
    if (existing[0]) {
      ids.set(org.key, existing[0].id);
      continue;
    }
    const rows = (await manager.query(
      `INSERT INTO identity.organisation (kind, name, region_code, synthetic) VALUES ($1, $2, $3, true) RETURNING id`,
      [org.kind, org.name, org.regionCode],
    )) as { id: string }[];
    ids.set(org.key, rows[0]!.id);
    organisations++;
  }
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  let accounts = 0;
  for (const account of DEMO_ACCOUNTS) {
    const org = DEMO_ORGANISATIONS.find((o) => o.key === account.organisation)!;
    if (!roleFitsOrganisation(account.role, org.kind)) throw new Error(`demo account ${account.role} does not fit ${org.kind}`);
    const result = (await manager.query(
      `INSERT INTO identity."user" (organisation_id, email, display_name, role, password_hash)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (email) DO NOTHING RETURNING id`,
      [ids.get(account.organisation), account.email, account.displayName, account.role, passwordHash],
    )) as unknown[];
    accounts += result.length;
  }
  return { organisations, accounts };
}
