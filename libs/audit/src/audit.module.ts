import { Global, Module } from '@nestjs/common';
import { AuditLog } from './audit-log.js';
import { AuditTrail } from './audit-trail.js';
import { AuditController } from './audit.controller.js';
import { ChainSealer } from './chain-sealer.js';
import { ChainVerifier } from './chain-verifier.js';
import { VerifyAuditChainJob } from './verify-chain.job.js';

/** The access log every feature writes to; global so no module forgets to import it. */
@Global()
@Module({
  controllers: [AuditController],
  providers: [AuditLog, AuditTrail, ChainSealer, ChainVerifier, VerifyAuditChainJob],
  exports: [AuditLog, ChainSealer, ChainVerifier],
})
export class AuditModule {}
