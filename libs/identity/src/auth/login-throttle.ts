import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, InjectConfig, type PassendConfig } from '@passend/platform';
import { DataSource } from 'typeorm';

/**
 * Failed sign-ins per client address over the last minute, kept in PostgreSQL so the limit holds
 * across api replicas. Over the limit, the address gets 429 until the minute has passed.
 *
 * An attempt is counted *before* its password is checked (`reserve`), under a per-address lock,
 * and un-counted when it succeeds (`release`). Checking first and recording the failure after the
 * (slow, by design) password check let parallel attempts all pass the check: 30 at once got 30 tries.
 */
@Injectable()
export class LoginThrottle {
  constructor(
    private readonly dataSource: DataSource,
    @InjectConfig() private readonly config: PassendConfig,
  ) {}

  /** Throws 429 when the address is over the limit; otherwise counts this attempt as a failure until released. */
  async reserve(clientAddress: string): Promise<string> {
    return this.dataSource.transaction(async (tx) => {
      // one check-and-count at a time per address (a hash collision only serialises two addresses)
      await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`passend:login:${clientAddress}`]);
      const rows = (await tx.query(
        `SELECT count(*)::int AS failures, ceil(extract(epoch FROM (min(failed_at) + interval '1 minute' - now())))::int AS retry_after
           FROM identity.login_failure WHERE client_address = $1 AND failed_at > now() - interval '1 minute'`,
        [clientAddress],
      )) as { failures: number; retry_after: number | null }[];
      const { failures, retry_after } = rows[0]!;
      if (failures >= this.config.loginFailuresPerMinute) {
        throw new DomainError(ErrorCode.TooManyRequests, 'Too many failed sign-ins from this address; try again in a minute', {
          retryAfterSeconds: Math.max(1, retry_after ?? 60),
        });
      }
      const inserted = (await tx.query(
        `WITH pruned AS (DELETE FROM identity.login_failure WHERE client_address = $1 AND failed_at < now() - interval '1 hour')
         INSERT INTO identity.login_failure (client_address) VALUES ($1) RETURNING id::text AS id`,
        [clientAddress],
      )) as { id: string }[];
      return inserted[0]!.id;
    });
  }

  /** The reserved attempt succeeded: it does not count as a failure. */
  async release(reservation: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM identity.login_failure WHERE id = $1::bigint`, [reservation]);
  }
}
