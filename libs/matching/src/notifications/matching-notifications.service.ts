import { Injectable } from '@nestjs/common';
import { DomainError, JobHandler, type Actor } from '@passend/platform';
import { DataSource } from 'typeorm';
import { WarnExpiringHolds } from '../jobs.js';
import { MatchingNotifier, type MatchingNotificationKind } from './matching-notifier.js';
import type { MatchingNotificationResponse } from './matching-notifications.dto.js';

interface Row {
  id: string;
  kind: MatchingNotificationKind;
  proposal_id: string | null;
  referral_id: string | null;
  created_at: Date;
  read_at: Date | null;
}

const toResponse = (r: Row): MatchingNotificationResponse => ({
  id: r.id,
  kind: r.kind,
  proposalId: r.proposal_id,
  referralId: r.referral_id,
  createdAt: r.created_at.toISOString(),
  readAt: r.read_at?.toISOString() ?? null,
});

/** Hours before a hold ends when provider and guardian hear that it is about to. */
export const HOLD_WARNING_HOURS = 24;

/** Your own matching notifications (nobody else's exist for you: another user's id is not found), and the expiry warnings. */
@Injectable()
export class MatchingNotificationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly notifier: MatchingNotifier,
  ) {}

  async list(actor: Actor, unreadOnly: boolean): Promise<MatchingNotificationResponse[]> {
    const rows = (await this.dataSource.query(
      `SELECT id, kind, proposal_id, referral_id, created_at, read_at FROM matching.notification
        WHERE recipient_user_id = $1 AND ($2::boolean IS FALSE OR read_at IS NULL) ORDER BY created_at DESC, id LIMIT 200`,
      [actor.principal.userId, unreadOnly],
    )) as Row[];
    return rows.map(toResponse);
  }

  async markRead(actor: Actor, id: string): Promise<MatchingNotificationResponse> {
    const [rows] = (await this.dataSource.query(
      `UPDATE matching.notification SET read_at = coalesce(read_at, now()) WHERE id = $1 AND recipient_user_id = $2
       RETURNING id, kind, proposal_id, referral_id, created_at, read_at`,
      [id, actor.principal.userId],
    )) as [Row[], number];
    if (!rows[0]) throw DomainError.notFound('Notification');
    return toResponse(rows[0]);
  }

  /** Offers whose hold ends within HOLD_WARNING_HOURS: the provider's staff and the guardians hear it once. */
  @JobHandler(WarnExpiringHolds)
  async warnExpiringHolds(): Promise<{ warned: number }> {
    const due = (await this.dataSource.query(
      `SELECT id, measure_id, provider_id FROM matching.proposal
        WHERE state = 'offered' AND hold_expires_at > now() AND hold_expires_at <= now() + make_interval(hours => $1)`,
      [HOLD_WARNING_HOURS],
    )) as { id: string; measure_id: string; provider_id: string }[];
    let warned = 0;
    for (const p of due) {
      warned += await this.dataSource.transaction((manager) => this.notifier.notify(manager, 'hold_expiring', { proposalId: p.id }, { staffOf: p.provider_id }, { guardiansOf: p.measure_id }));
    }
    return { warned };
  }
}
