import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, InjectConfig, type PassendConfig } from '@passend/platform';
import { DataSource } from 'typeorm';

/**
 * Failed sign-ins per client address over the last minute, kept in PostgreSQL so the limit holds
 * across api replicas. Over the limit, the address gets 429 until the minute has passed.
 */
@Injectable()
export class LoginThrottle {
  constructor(
    private readonly dataSource: DataSource,
    @InjectConfig() private readonly config: PassendConfig,
  ) {}

  async assertAllowed(clientAddress: string): Promise<void> {
    const rows = (await this.dataSource.query(
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

  async recordFailure(clientAddress: string): Promise<void> {
    await this.dataSource.query(
      `WITH pruned AS (DELETE FROM identity.login_failure WHERE client_address = $1 AND failed_at < now() - interval '1 hour')
       INSERT INTO identity.login_failure (client_address) VALUES ($1)`,
      [clientAddress],
    );
  }
}
