import type { SchemaContribution } from '@passend/platform';
import { AccessLogEntry } from './access-log-entry.entity.js';
import { AuditAccessLog1795800000200 } from './migrations/1795800000200-AuditAccessLog.js';
import { AuditChainHead1795800000201 } from './migrations/1795800000201-AuditChainHead.js';
import { AuditChainSealedAfterCommit1795800000730 } from './migrations/1795800000730-AuditChainSealedAfterCommit.js';
import { VerifyAuditChain } from './verify-chain.job.js';

export const auditSchema: SchemaContribution = {
  entities: [AccessLogEntry],
  migrations: [AuditAccessLog1795800000200, AuditChainHead1795800000201, AuditChainSealedAfterCommit1795800000730],
};

export const auditJobs = [VerifyAuditChain] as const;
