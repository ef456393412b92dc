import { Module } from '@nestjs/common';
import { CasesModule } from '@passend/cases';
import { IdentityModule } from '@passend/identity';
import { PASSEND_CONFIG, type PassendConfig } from '@passend/platform';
import { ReferenceModule } from '@passend/reference';
import { SocialMapModule } from '@passend/social-map';
import { CapacityHonestyController } from './capacity-honesty/capacity-honesty.controller.js';
import { CapacityHonestyService } from './capacity-honesty/capacity-honesty.service.js';
import { ExpertTableService } from './expert-tables/expert-table.service.js';
import { ExpertTablesController } from './expert-tables/expert-tables.controller.js';
import { ReferralWriter } from './expert-tables/referral-writer.js';
import { HoldRequestService } from './holds/hold-request.service.js';
import { HoldsController } from './holds/holds.controller.js';
import { MatchingSettings } from './matching-settings.js';
import { MatchingNotifier } from './notifications/matching-notifier.js';
import { MatchingNotificationsController } from './notifications/matching-notifications.controller.js';
import { MatchingNotificationsService } from './notifications/matching-notifications.service.js';
import { ProposalLog } from './proposals/proposal-log.js';
import { ProposalService } from './proposals/proposal.service.js';
import { ProposalsController } from './proposals/proposals.controller.js';
import { MatchingRetention } from './proposals/matching-retention.js';
import { MatchingInputReader } from './read-model/matching-input.js';
import { PlaceQueueService } from './read-model/place-queue.service.js';
import { MatchingRunService } from './runs/matching-run.service.js';
import { MatchingTriggers } from './runs/matching-triggers.js';
import { MatchingRunControl } from './runs/run-control.js';
import { RunsController } from './runs/runs.controller.js';

/**
 * Matching: proposes fitting help for every waiting child (eligibility, fit, the assignment
 * solver), runs the closed loop of proposals, holds and placements, and the expert tables.
 * Reads cases and the social map only through their exported ports.
 */
@Module({
  imports: [ReferenceModule, IdentityModule, SocialMapModule, CasesModule],
  controllers: [ProposalsController, ExpertTablesController, RunsController, HoldsController, MatchingNotificationsController, CapacityHonestyController],
  providers: [
    { provide: MatchingSettings, inject: [PASSEND_CONFIG], useFactory: (config: PassendConfig) => new MatchingSettings(config) },
    MatchingInputReader,
    MatchingRunService,
    MatchingRunControl,
    MatchingTriggers,
    MatchingRetention,
    ProposalLog,
    ProposalService,
    ReferralWriter,
    ExpertTableService,
    PlaceQueueService,
    HoldRequestService,
    MatchingNotifier,
    MatchingNotificationsService,
    CapacityHonestyService,
  ],
  exports: [MatchingRunService],
})
export class MatchingModule {}
