import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { OrganisationKind, Principal, Role } from '@passend/platform';
import type { VerifiedToken } from './token.service.js';

interface CachedPrincipal {
  principal: Principal | undefined;
  until: number;
}

interface PrincipalRow {
  id: string;
  role: Role;
  organisation_id: string;
  kind: OrganisationKind;
}

/**
 * Turns a verified token into the acting principal from the database.
 *
 * - A local token (password sign-in) counts only while its session is live: one query per
 *   request, by primary keys (session, user, organisation), with no cache. A logout, a revoked
 *   session, a deactivated account or a changed role takes effect with the next request, in every
 *   api process.
 * - An OpenID Connect token has no local session; its account is looked up by subject and kept
 *   for `TTL_MS`, so a deactivated account or a changed role takes effect within 30 seconds
 *   (at once in the process that calls `forget`).
 */
@Injectable()
export class PrincipalResolver {
  private readonly cache = new Map<string, CachedPrincipal>();
  static readonly TTL_MS = 30_000;

  constructor(private readonly dataSource: DataSource) {}

  async resolve(token: VerifiedToken): Promise<Principal | undefined> {
    if (token.source === 'local') {
      const rows = (await this.dataSource.query(
        `SELECT u.id, u.role, u.organisation_id, o.kind
           FROM identity.session s JOIN identity."user" u ON u.id = s.user_id JOIN identity.organisation o ON o.id = u.organisation_id
          WHERE s.id = $1::uuid AND s.user_id = $2::uuid AND s.revoked_at IS NULL AND s.idle_expires_at > now() AND s.expires_at > now() AND u.active`,
        [token.sessionId, token.userId],
      )) as PrincipalRow[];
      return principalOf(rows[0]);
    }
    const key = `o:${token.subject}`;
    const cached = this.cache.get(key);
    if (cached && cached.until > Date.now()) return cached.principal;
    const rows = (await this.dataSource.query(
      `SELECT u.id, u.role, u.organisation_id, o.kind
         FROM identity."user" u JOIN identity.organisation o ON o.id = u.organisation_id
        WHERE u.active AND u.oidc_subject = $1`,
      [token.subject],
    )) as PrincipalRow[];
    const principal = principalOf(rows[0]);
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(key, { principal, until: Date.now() + PrincipalResolver.TTL_MS });
    return principal;
  }

  /** Drops a user's cached principal (OIDC sign-in), so a deactivation counts at once in this process. */
  forget(userId: string): void {
    for (const [key, cached] of this.cache) if (cached.principal?.userId === userId) this.cache.delete(key);
  }
}

function principalOf(row: PrincipalRow | undefined): Principal | undefined {
  return row ? { userId: row.id, role: row.role, organisationId: row.organisation_id, organisationKind: row.kind } : undefined;
}
