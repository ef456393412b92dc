import { Injectable } from '@nestjs/common';
import type { Actor } from '@passend/platform';
import { DataSource } from 'typeorm';
import { AccessLogEntry } from './access-log-entry.entity.js';
import { AuditLog } from './audit-log.js';
import { AuditEntryResponse, type AuditPageResponse, type AuditQuery } from './audit.dto.js';

/** Reading the access log, newest first; reading it is itself logged. */
@Injectable()
export class AuditTrail {
  constructor(
    private readonly dataSource: DataSource,
    private readonly auditLog: AuditLog,
  ) {}

  async forSubject(actor: Actor, query: AuditQuery): Promise<AuditPageResponse> {
    const qb = this.dataSource
      .getRepository(AccessLogEntry)
      .createQueryBuilder('e')
      .where('e.subject_type = :type', { type: query.subjectType })
      .orderBy('e.seq', 'DESC')
      .limit(query.limit);
    if (query.subjectId) qb.andWhere('e.subject_id = :id', { id: query.subjectId });
    if (query.before) qb.andWhere('e.seq < :before', { before: query.before });
    const rows = await qb.getMany();
    await this.auditLog.record(actor, {
      action: 'read',
      subjectType: 'audit_log',
      subjectId: `${query.subjectType}:${query.subjectId ?? '*'}`,
      purpose: 'audit_review',
      outcome: 'success',
    });
    return {
      entries: rows.map(AuditEntryResponse.from),
      nextBefore: rows.length === query.limit ? rows[rows.length - 1]!.seq : null,
    };
  }
}
