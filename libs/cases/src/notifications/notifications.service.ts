import { Injectable } from '@nestjs/common';
import { DomainError, type Actor } from '@passend/platform';
import { DataSource } from 'typeorm';
import type { Milestone } from '../domain/norm-clock.js';
import type { NotificationKind } from './entities.js';
import type { NotificationListQuery, NotificationPageResponse, NotificationResponse } from './notifications.dto.js';

interface NotificationRow {
  id: string;
  measure_id: string;
  milestone: Milestone;
  kind: NotificationKind;
  due_on: string;
  created_at: Date;
  read_at: Date | null;
}

const COLUMNS = `id, measure_id, milestone, kind, due_on::text AS due_on, created_at, read_at`;

const toResponse = (r: NotificationRow): NotificationResponse => ({
  id: r.id,
  measureId: r.measure_id,
  milestone: r.milestone,
  kind: r.kind,
  dueOn: r.due_on,
  createdAt: r.created_at.toISOString(),
  readAt: r.read_at?.toISOString() ?? null,
});

/**
 * A user's own notifications. Every query is bound to the signed-in user: someone else's
 * notification is "not found", so its existence is never revealed. Notifications hold no personal
 * data (a case id, a milestone, a date), so reading them is not an access to a child's record;
 * opening the case is, and the case routes log it.
 */
@Injectable()
export class NotificationsService {
  constructor(private readonly dataSource: DataSource) {}

  async list(actor: Actor, query: NotificationListQuery): Promise<NotificationPageResponse> {
    const userId = actor.principal.userId;
    const readFilter = query.unread === undefined ? '' : query.unread ? 'AND read_at IS NULL' : 'AND read_at IS NOT NULL';
    const rows = (await this.dataSource.query(
      `SELECT ${COLUMNS}
         FROM cases.notification
        WHERE recipient_user_id = $1 ${readFilter}
        ORDER BY created_at DESC, due_on, measure_id, milestone, kind
        LIMIT $2::int OFFSET $3::int`,
      [userId, query.perPage, (query.page - 1) * query.perPage],
    )) as NotificationRow[];
    const [counts] = (await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE true ${readFilter})::int AS total, count(*) FILTER (WHERE read_at IS NULL)::int AS unread
         FROM cases.notification WHERE recipient_user_id = $1`,
      [userId],
    )) as { unread: number; total: number }[];
    return { items: rows.map(toResponse), total: counts!.total, unread: counts!.unread, page: query.page, perPage: query.perPage };
  }

  /** Marks one of your own notifications read; reading it again keeps the first time. */
  async markRead(actor: Actor, id: string): Promise<NotificationResponse> {
    // an UPDATE answers [rows, rowCount]
    const [rows] = (await this.dataSource.query(
      `UPDATE cases.notification SET read_at = COALESCE(read_at, now())
        WHERE id = $1 AND recipient_user_id = $2
        RETURNING ${COLUMNS}`,
      [id, actor.principal.userId],
    )) as [NotificationRow[], number];
    const row = rows[0];
    if (!row) throw DomainError.notFound('Notification');
    return toResponse(row);
  }

  async markAllRead(actor: Actor): Promise<{ marked: number }> {
    const [rows] = (await this.dataSource.query(
      `UPDATE cases.notification SET read_at = now() WHERE recipient_user_id = $1 AND read_at IS NULL RETURNING 1`,
      [actor.principal.userId],
    )) as [unknown[], number];
    return { marked: rows.length };
  }
}
