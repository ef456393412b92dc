import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { OrganisationKind, Principal, Role } from '@passend/platform';
import type { VerifiedToken } from './token.service.js';

interface CachedPrincipal {
  principal: Principal | undefined;
  until: number;
}

/**
 * Turns a verified token into the acting principal from the database, so a deactivated account
 * or a changed role takes effect within the cache's 30 seconds, not at token expiry.
 */
@Injectable()
export class PrincipalResolver {
  private readonly cache = new Map<string, CachedPrincipal>();
  static readonly TTL_MS = 30_000;

  constructor(private readonly dataSource: DataSource) {}

  async resolve(token: VerifiedToken): Promise<Principal | undefined> {
    const key = token.source === 'local' ? `u:${token.userId}` : `o:${token.subject}`;
    const cached = this.cache.get(key);
    if (cached && cached.until > Date.now()) return cached.principal;
    const rows = (await this.dataSource.query(
      `SELECT u.id, u.role, u.organisation_id, o.kind
         FROM identity."user" u JOIN identity.organisation o ON o.id = u.organisation_id
        WHERE u.active AND ${token.source === 'local' ? 'u.id = $1::uuid' : 'u.oidc_subject = $1'}`,
      [token.source === 'local' ? token.userId : token.subject],
    )) as { id: string; role: Role; organisation_id: string; kind: OrganisationKind }[];
    const row = rows[0];
    const principal = row ? { userId: row.id, role: row.role, organisationId: row.organisation_id, organisationKind: row.kind } : undefined;
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(key, { principal, until: Date.now() + PrincipalResolver.TTL_MS });
    return principal;
  }

  forget(userId: string): void {
    this.cache.delete(`u:${userId}`);
  }
}
