import { Injectable, Logger } from '@nestjs/common';
import { JobHandler } from '@passend/platform';
import { DataSource } from 'typeorm';
import { STALE_AFTER_DAYS } from '../domain/freshness.js';
import { ReportStaleOfferings } from '../jobs.js';

/**
 * Daily: per provider, the offerings whose capacity nobody confirmed for 14 days. The report is
 * keyed by provider and date, so running it twice a day rewrites the same row.
 */
@Injectable()
export class StaleReportJob {
  private readonly logger = new Logger('social-map');

  constructor(private readonly dataSource: DataSource) {}

  @JobHandler(ReportStaleOfferings)
  async run(): Promise<{ providers: number; offerings: number }> {
    const rows = (await this.dataSource.query(
      `INSERT INTO social_map.stale_report (provider_id, report_date, offering_ids)
       SELECT provider_id, (now() AT TIME ZONE 'Europe/Amsterdam')::date, array_agg(id ORDER BY id)
         FROM social_map.offering
        WHERE active AND capacity_confirmed_at < now() - make_interval(days => $1)
        GROUP BY provider_id
       ON CONFLICT (provider_id, report_date) DO UPDATE SET offering_ids = EXCLUDED.offering_ids, created_at = now()
       RETURNING cardinality(offering_ids) AS n`,
      [STALE_AFTER_DAYS],
    )) as { n: number }[];
    const result = { providers: rows.length, offerings: rows.reduce((sum, r) => sum + r.n, 0) };
    this.logger.log({ msg: 'stale offerings reported', ...result });
    return result;
  }
}
