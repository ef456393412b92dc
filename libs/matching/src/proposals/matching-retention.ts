import { Injectable } from '@nestjs/common';
import { MeasureAnonymised } from '@passend/cases';
import { EventSubscriber } from '@passend/platform';
import { DataSource } from 'typeorm';

/**
 * A case's child record was anonymised after the retention term: the free texts matching keeps
 * about that case go too (the guardian's and the provider's notes on its proposals, the expert
 * table's rationale and the family's view); codes, states and dates stay for the statistics.
 * Idempotent: a second delivery finds nothing left to remove.
 */
@Injectable()
export class MatchingRetention {
  constructor(private readonly dataSource: DataSource) {}

  @EventSubscriber(MeasureAnonymised, 'matching-retention', { queue: 'matching' })
  async measureAnonymised(payload: { measureId: string }): Promise<{ proposals: number; decisions: number }> {
    return this.dataSource.transaction(async (manager) => {
      const [, proposals] = (await manager.query(
        `UPDATE matching.proposal SET note_enc = NULL, decline_note_enc = NULL WHERE measure_id = $1 AND (note_enc IS NOT NULL OR decline_note_enc IS NOT NULL)`,
        [payload.measureId],
      )) as [unknown, number];
      const [, decisions] = (await manager.query(
        `UPDATE matching.decision d SET rationale_enc = NULL, family_view_enc = NULL
           FROM matching.referral r
          WHERE r.id = d.referral_id AND r.measure_id = $1 AND (d.rationale_enc IS NOT NULL OR d.family_view_enc IS NOT NULL)`,
        [payload.measureId],
      )) as [unknown, number];
      return { proposals, decisions };
    });
  }
}
