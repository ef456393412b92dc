import { Injectable } from '@nestjs/common';
import { EventSubscriber, type JobContext } from '@passend/platform';
import { DataSource } from 'typeorm';
import { MeasureChanged } from '../events.js';

/**
 * The `read-models` subscriber of MeasureChanged: the hook for everything that follows a change
 * to a case outside the case itself. The reporting read models (norms per region, time to
 * placement) will be refreshed from here; for now it only looks whether the measure exists. It reads and writes nothing else, so running it twice is the
 * same as once, and whatever comes here must stay idempotent: rebuild from the tables, keyed by
 * the measure id, never count deliveries.
 */
@Injectable()
export class MeasureChangedJob {
  constructor(private readonly dataSource: DataSource) {}

  @EventSubscriber(MeasureChanged, 'read-models', { queue: 'cases', attempts: 10 })
  async handle(payload: { measureId: string }, _context?: JobContext): Promise<{ measureId: string; exists: boolean }> {
    const rows = (await this.dataSource.query(`SELECT 1 FROM cases.measure WHERE id = $1`, [payload.measureId])) as unknown[];
    return { measureId: payload.measureId, exists: rows.length > 0 };
  }
}
