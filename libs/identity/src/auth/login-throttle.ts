import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, InjectConfig, type PassendConfig } from '@passend/platform';
import { DataSource, type EntityManager } from 'typeorm';

/** What `reserve` counted, to un-count when the attempt succeeds. */
export interface LoginReservation {
  failureId: string;
  /** null for an attempt counted per address only (a refresh) */
  accountKey: string | null;
}

/** Consecutive failures are forgotten after a day without one. */
const BACKOFF_MEMORY = `interval '24 hours'`;

/** The key of an account in identity.login_backoff: a hash of the normalised e-mail address, whether or not an account has it. */
export function loginAccountKey(email: string): string {
  return createHash('sha256').update(`passend:login:${email.trim().toLowerCase()}`).digest('hex');
}

/**
 * Two limits on password sign-in, both kept in PostgreSQL so they hold across api replicas:
 *
 * - **Per account** (the normalised e-mail address, also when no account has it, so that the
 *   answers do not tell which addresses exist): `freeFailures` failures in a row run without
 *   delay; after that the account is locked for 1, 2, 4 ... seconds, up to `maxDelaySeconds`. A
 *   locked account gets 429 with Retry-After *without* its password being checked, so neither the
 *   answer nor its timing says whether the password was right. A success resets the count.
 *   Rotating client addresses does not escape this limit.
 * - **Per client address**: at most `loginFailuresPerMinute` failures per minute (password
 *   spraying over many accounts from one address). Only failures count.
 *
 * An attempt is counted *before* its password is checked (`reserve`), under per-account and
 * per-address locks, and un-counted when it succeeds (`release`). Checking first and recording the
 * failure after the (slow, by design) password check let parallel attempts all pass the check.
 */
@Injectable()
export class LoginThrottle {
  constructor(
    private readonly dataSource: DataSource,
    @InjectConfig() private readonly config: PassendConfig,
  ) {}

  /** Throws 429 when the account is locked or the address is over the limit; otherwise counts this attempt as a failure until released. */
  async reserve(clientAddress: string, email: string): Promise<LoginReservation> {
    const accountKey = loginAccountKey(email);
    const { freeFailures, maxDelaySeconds } = this.config.loginBackoff ?? { freeFailures: 5, maxDelaySeconds: 900 };
    return this.dataSource.transaction(async (tx) => {
      // one check-and-count at a time per account, then per address (always in this order: no deadlock)
      await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`passend:login-account:${accountKey}`]);
      await this.lockAddress(tx, clientAddress);

      const accounts = (await tx.query(
        `SELECT failures, ceil(extract(epoch FROM (locked_until - now())))::int AS retry_after
           FROM identity.login_backoff WHERE account_key = $1 AND last_failed_at > now() - ${BACKOFF_MEMORY}`,
        [accountKey],
      )) as { failures: number; retry_after: number | null }[];
      const account = accounts[0];
      if (account?.retry_after !== null && account?.retry_after !== undefined && account.retry_after > 0) {
        throw new DomainError(ErrorCode.TooManyRequests, 'Too many failed sign-ins for this account; try again later', {
          retryAfterSeconds: Math.max(1, account.retry_after),
        });
      }

      await this.checkAddress(tx, clientAddress);

      // this attempt is failure number `count` in a row; from `freeFailures` on, the next attempt waits 1, 2, 4 ... s
      const count = (account?.failures ?? 0) + 1;
      const delay = count >= freeFailures ? Math.min(maxDelaySeconds, 2 ** Math.min(count - freeFailures, 30)) : 0;
      await tx.query(
        `WITH pruned AS (DELETE FROM identity.login_backoff WHERE last_failed_at < now() - ${BACKOFF_MEMORY} AND account_key <> $1)
         INSERT INTO identity.login_backoff (account_key, failures, last_failed_at, locked_until)
         VALUES ($1, $2, now(), CASE WHEN $3::int > 0 THEN now() + make_interval(secs => $3::int) END)
         ON CONFLICT (account_key) DO UPDATE SET failures = EXCLUDED.failures, last_failed_at = EXCLUDED.last_failed_at, locked_until = EXCLUDED.locked_until`,
        [accountKey, count, delay],
      );
      return { failureId: await this.countFailure(tx, clientAddress), accountKey };
    });
  }

  /**
   * For a sign-in without an account name (a refresh token): only the per-address limit, shared
   * with password sign-in, so that failed refreshes and failed passwords count together.
   */
  async reserveAddress(clientAddress: string): Promise<LoginReservation> {
    return this.dataSource.transaction(async (tx) => {
      await this.lockAddress(tx, clientAddress);
      await this.checkAddress(tx, clientAddress);
      return { failureId: await this.countFailure(tx, clientAddress), accountKey: null };
    });
  }

  /** One attempt of this address at a time (until the transaction ends): the count and the new failure cannot interleave. */
  private async lockAddress(tx: EntityManager, clientAddress: string): Promise<void> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`passend:login:${clientAddress}`]);
  }

  private async checkAddress(tx: EntityManager, clientAddress: string): Promise<void> {
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
  }

  private async countFailure(tx: EntityManager, clientAddress: string): Promise<string> {
    const inserted = (await tx.query(
      `WITH pruned AS (DELETE FROM identity.login_failure WHERE client_address = $1 AND failed_at < now() - interval '1 hour')
       INSERT INTO identity.login_failure (client_address) VALUES ($1) RETURNING id::text AS id`,
      [clientAddress],
    )) as { id: string }[];
    return inserted[0]!.id;
  }

  /** The reserved attempt succeeded: it does not count as a failure, and the account's failures start over. */
  async release(reservation: LoginReservation): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      await tx.query(`DELETE FROM identity.login_failure WHERE id = $1::bigint`, [reservation.failureId]);
      if (reservation.accountKey !== null) await tx.query(`DELETE FROM identity.login_backoff WHERE account_key = $1`, [reservation.accountKey]);
    });
  }
}
