import { Injectable, Logger } from '@nestjs/common';
import { defineJob, JobHandler } from '@passend/platform';
import { ChainVerifier, type ChainReport } from './chain-verifier.js';

export const VerifyAuditChain = defineJob<Record<string, never>>('audit.verify-chain', {
  queue: 'audit',
  attempts: 2,
  schedule: { pattern: '15 2 * * *' },
});

/** Nightly: recompute the whole chain and raise an error-level log line when it is broken. */
@Injectable()
export class VerifyAuditChainJob {
  private readonly logger = new Logger('audit');

  constructor(private readonly verifier: ChainVerifier) {}

  @JobHandler(VerifyAuditChain)
  async run(): Promise<ChainReport> {
    const report = await this.verifier.verify();
    if (report.intact) this.logger.log({ msg: 'audit chain intact', checked: report.checked, lastSeq: report.lastSeq });
    else this.logger.error({ msg: 'AUDIT CHAIN BROKEN', brokenAt: report.broken?.seq, reason: report.broken?.reason });
    return report;
  }
}
