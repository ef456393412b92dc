import { Injectable } from '@nestjs/common';
import { OutboxWriter, type Actor } from '@passend/platform';
import type { EntityManager } from 'typeorm';
import { MeasureChanged, NeedRecorded } from '../events.js';

/** What happened to a case, for its timeline: codes, dates and ids only, never personal data. */
export interface CaseEvent {
  kind: CaseEventKind;
  summary: string;
  refs?: Record<string, string | number | boolean | null | string[]>;
}

export type CaseEventKind =
  | 'case_opened'
  | 'guardian_assigned'
  | 'need_added'
  | 'milestone_recorded'
  | 'help_experience_recorded'
  | 'client_voice_recorded'
  | 'child_corrected';

/**
 * What follows every change to a case, inside the change's transaction: its events on the
 * append-only timeline, a new version of the measure, and the MeasureChanged event through the
 * outbox (ids only) for whoever subscribes (the read models).
 */
@Injectable()
export class CaseEffects {
  constructor(private readonly outbox: OutboxWriter) {}

  async changed(manager: EntityManager, actor: Actor, measureId: string, ...events: CaseEvent[]): Promise<void> {
    return this.changedBy(manager, actor.principal.userId, measureId, ...events);
  }

  /** The same, for a change another context made on a user's behalf (matching's commands). */
  async changedBy(manager: EntityManager, actorUserId: string, measureId: string, ...events: CaseEvent[]): Promise<void> {
    for (const event of events) {
      await manager.query(
        `INSERT INTO cases.case_event (measure_id, actor_user_id, kind, summary, refs) VALUES ($1, $2, $3, $4, $5::jsonb)`,
        [measureId, actorUserId, event.kind, event.summary, JSON.stringify(event.refs ?? {})],
      );
    }
    await manager.query(`UPDATE cases.measure SET version = version + 1, updated_at = now() WHERE id = $1`, [measureId]);
    await this.outbox.publish(manager, MeasureChanged, { measureId });
  }

  /** A need was recorded (besides the measure's change): NeedRecorded, ids only. */
  async needRecorded(manager: EntityManager, measureId: string, needId: string): Promise<void> {
    await this.outbox.publish(manager, NeedRecorded, { measureId, needId });
  }
}
