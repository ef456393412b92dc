import { Module } from '@nestjs/common';
import { IdentityModule } from '@passend/identity';
import { ReferenceModule } from '@passend/reference';
import { DashboardController } from './dashboard.controller.js';
import { DashboardService } from './dashboard.service.js';
import { DashboardReadModel } from './read-model/dashboard-read-model.js';
import { MatchingDashboardService } from './matching-dashboard.service.js';
import { MatchingReadModel } from './read-model/matching-read-model.js';

/**
 * Read models over everyone's tables (ARCHITECTURE.md: reporting reads everyone's tables and
 * nobody imports it). It writes nothing but the audit log.
 */
@Module({
  imports: [ReferenceModule, IdentityModule],
  controllers: [DashboardController],
  providers: [DashboardService, DashboardReadModel, MatchingDashboardService, MatchingReadModel],
})
export class ReportingModule {}
