import { Module } from '@nestjs/common';
import { IdentityModule } from '@passend/identity';
import { ReferenceModule } from '@passend/reference';
import { CaseAccess } from './access/case-access.js';
import { CaseRecords } from './cases/case-records.js';
import { CaseService } from './cases/case.service.js';
import { CasesController, InstitutionsController } from './cases/cases.controller.js';
import { CasePersonalData } from './children/personal-data.js';
import { GuardianService } from './guardians/guardian.service.js';
import { MilestoneService } from './milestones/milestone.service.js';
import { NeedService } from './needs/need.service.js';
import { CaseDirectory } from './ports/case-directory.js';
import { FittingHelpRecorder } from './ports/fitting-help.js';
import { WaitingChildren } from './ports/waiting-children.js';
import { RecordRetention } from './retention/record-retention.js';
import { CaseEffects } from './timeline/case-effects.js';
import { MeasureChangedJob } from './timeline/measure-changed.job.js';
import { NotificationsModule } from './notifications/notifications.module.js';

/**
 * Children under a protection measure: the case record (guardians, needs, milestones against the
 * inspection norms, the family's voice), its timeline and the institution's caseload.
 */
@Module({
  imports: [ReferenceModule, IdentityModule, NotificationsModule],
  controllers: [CasesController, InstitutionsController],
  providers: [CasePersonalData, CaseAccess, CaseRecords, CaseEffects, CaseService, GuardianService, NeedService, MilestoneService, MeasureChangedJob, WaitingChildren, FittingHelpRecorder, CaseDirectory, RecordRetention],
  exports: [CaseService, CasePersonalData, WaitingChildren, FittingHelpRecorder, CaseDirectory, RecordRetention],
})
export class CasesModule {}
