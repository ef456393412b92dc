import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Subject, type Observable } from 'rxjs';
import type { Queryable } from '../directory/user-directory.js';

/** Sessions of one user that were ended early (logout, reuse of a refresh token, an admin, deactivation). */
export interface SessionsEnded {
  userId: string;
  sessionIds: readonly string[];
}

/**
 * How other contexts learn that sign-in sessions ended, without reading identity's tables: the
 * live sessions among some ids (asked every few seconds by whoever holds long-lived connections,
 * such as the live stream), and, in this process, an event the moment sessions are revoked here.
 * Another api process learns of a revocation only by asking `liveSessionIds`.
 */
@Injectable()
export class SessionDirectory {
  private readonly endedHere = new Subject<SessionsEnded>();
  /** Sessions revoked by this process, after the revocation was committed. */
  readonly ended: Observable<SessionsEnded> = this.endedHere.asObservable();

  constructor(private readonly dataSource: DataSource) {}

  /** The ids among these that belong to a live session (not revoked, not past either end, of an active account). */
  async liveSessionIds(sessionIds: readonly string[], manager: Queryable = this.dataSource.manager): Promise<Set<string>> {
    if (sessionIds.length === 0) return new Set();
    const rows = (await manager.query(
      `SELECT s.id FROM identity.session s JOIN identity."user" u ON u.id = s.user_id
        WHERE s.id = ANY($1::uuid[]) AND s.revoked_at IS NULL AND s.idle_expires_at > now() AND s.expires_at > now() AND u.active`,
      [[...new Set(sessionIds)]],
    )) as { id: string }[];
    return new Set(rows.map((r) => r.id));
  }

  /** Tells this process's listeners; call after the revocation has been committed. */
  announce(ended: SessionsEnded): void {
    if (ended.sessionIds.length > 0) this.endedHere.next(ended);
  }
}
