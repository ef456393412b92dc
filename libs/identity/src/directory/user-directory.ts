import { Injectable } from '@nestjs/common';
import type { OrganisationKind, Role } from '@passend/platform';
import { DataSource, type EntityManager } from 'typeorm';

/** Anything that runs SQL: the DataSource's manager, or a transaction's. */
export type Queryable = Pick<EntityManager, 'query'>;

/** Where a user stands: enough to decide whether they may act as, say, a guardian of an institution. */
export interface UserStanding {
  userId: string;
  role: Role;
  organisationId: string;
  active: boolean;
}

export interface DirectoryEntry {
  userId: string;
  displayName: string;
}

/**
 * How other contexts learn about users without reading identity's tables: a user's standing,
 * display names by id, the active guardians of an institution. Every method takes an optional
 * manager so a caller in a transaction reads on its own connection.
 */
@Injectable()
export class UserDirectory {
  constructor(private readonly dataSource: DataSource) {}

  /** Role, organisation and whether the account is active; undefined for an unknown id. */
  async standingOf(userId: string, manager: Queryable = this.dataSource.manager): Promise<UserStanding | undefined> {
    return (await this.standings([userId], manager)).get(userId);
  }

  /** The standing of each known user among the ids (unknown ids are left out). */
  async standings(userIds: readonly string[], manager: Queryable = this.dataSource.manager): Promise<Map<string, UserStanding>> {
    if (userIds.length === 0) return new Map();
    const rows = (await manager.query(
      `SELECT id AS "userId", role, organisation_id AS "organisationId", active FROM identity."user" WHERE id = ANY($1::uuid[])`,
      [[...new Set(userIds)]],
    )) as UserStanding[];
    return new Map(rows.map((r) => [r.userId, r]));
  }

  /** Display names by user id (unknown ids are left out). */
  async displayNames(userIds: readonly string[], manager: Queryable = this.dataSource.manager): Promise<Map<string, string>> {
    if (userIds.length === 0) return new Map();
    const rows = (await manager.query(`SELECT id, display_name FROM identity."user" WHERE id = ANY($1::uuid[])`, [[...new Set(userIds)]])) as {
      id: string;
      display_name: string;
    }[];
    return new Map(rows.map((r) => [r.id, r.display_name]));
  }

  /** The active users of an organisation with a role (a provider's staff, say), by id. */
  async activeUserIds(organisationId: string, role: Role, manager: Queryable = this.dataSource.manager): Promise<string[]> {
    const rows = (await manager.query(`SELECT id FROM identity."user" WHERE organisation_id = $1 AND role = $2 AND active ORDER BY id`, [organisationId, role])) as { id: string }[];
    return rows.map((r) => r.id);
  }

  /** The active guardians of an organisation, by display name (then id). */
  async activeGuardians(organisationId: string, manager: Queryable = this.dataSource.manager): Promise<DirectoryEntry[]> {
    return (await manager.query(
      `SELECT id AS "userId", display_name AS "displayName" FROM identity."user"
        WHERE organisation_id = $1 AND role = 'guardian' AND active ORDER BY display_name, id`,
      [organisationId],
    )) as DirectoryEntry[];
  }
}

/** An active user with this role at this organisation (a guardian of the case's institution, say). */
export function actsFor(standing: UserStanding | undefined, role: Role, organisationId: string): boolean {
  return standing !== undefined && standing.active && standing.role === role && standing.organisationId === organisationId;
}

// ---- seeding: synthetic organisations and accounts (no password: nobody can sign in as them) ----

export interface SyntheticOrganisation {
  id: string;
  name: string;
  kind: OrganisationKind;
  regionCode: string | null;
}

/** The synthetic organisations with these names. */
export async function findSyntheticOrganisations(manager: Queryable, names: readonly string[]): Promise<{ id: string; name: string; kind: OrganisationKind }[]> {
  return (await manager.query(`SELECT id, name, kind FROM identity.organisation WHERE synthetic AND name = ANY($1::text[])`, [names])) as {
    id: string;
    name: string;
    kind: OrganisationKind;
  }[];
}

export async function createSyntheticOrganisations(manager: Queryable, organisations: readonly SyntheticOrganisation[]): Promise<void> {
  if (organisations.length === 0) return;
  await manager.query(
    `INSERT INTO identity.organisation (id, kind, name, region_code, synthetic)
     SELECT r.id, r.kind, r.name, r.region, true FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, kind text, name text, region text)`,
    [JSON.stringify(organisations.map((o) => ({ id: o.id, kind: o.kind, name: o.name, region: o.regionCode })))],
  );
}

export interface PasswordlessAccount {
  id: string;
  organisationId: string;
  email: string;
  displayName: string;
  role: Role;
}

/** Accounts without a password or OIDC subject; returns how many were new (an e-mail address already taken is skipped). */
export async function createPasswordlessAccounts(manager: Queryable, accounts: readonly PasswordlessAccount[]): Promise<number> {
  if (accounts.length === 0) return 0;
  const added = (await manager.query(
    `INSERT INTO identity."user" (id, organisation_id, email, display_name, role, password_hash)
     SELECT r.id, r.org, r.email, r.name, r.role, NULL FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, org uuid, email text, name text, role text)
     ON CONFLICT (email) DO NOTHING RETURNING id`,
    [JSON.stringify(accounts.map((u) => ({ id: u.id, org: u.organisationId, email: u.email, name: u.displayName, role: u.role })))],
  )) as unknown[];
  return added.length;
}

/** The ids of the active users with this role at this organisation among these e-mail addresses, by address. */
export async function activeAccountIdsByEmail(manager: Queryable, emails: readonly string[], organisationId: string, role: Role): Promise<string[]> {
  const rows = (await manager.query(
    `SELECT id FROM identity."user" WHERE email = ANY($1::text[]) AND organisation_id = $2 AND role = $3 AND active ORDER BY email`,
    [emails, organisationId, role],
  )) as { id: string }[];
  return rows.map((r) => r.id);
}

/** For numbered addresses `<prefix>-<n>@<domain>`: the first n after those taken (1 when none). */
export async function nextAccountNumber(manager: Queryable, prefix: string, domain: string): Promise<number> {
  const [row] = (await manager.query(
    `SELECT coalesce(max(substring(email FROM '^' || $1 || '-([0-9]+)@')::int), 0) + 1 AS n FROM identity."user" WHERE email LIKE $2`,
    [prefix, `${prefix}-%@${domain}`],
  )) as { n: number }[];
  return row!.n;
}
