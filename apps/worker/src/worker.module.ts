import { Module, type DynamicModule } from '@nestjs/common';
import { AuditModule } from '@passend/audit';
import { CasesModule } from '@passend/cases';
import { MatchingModule } from '@passend/matching';
import { PlatformModule, type PassendConfig } from '@passend/platform';
import { ReferenceModule } from '@passend/reference';
import { SocialMapModule } from '@passend/social-map';
import { ContextPortsModule } from '../../shared/context-ports.module.js';
import { passendDataSourceOptions, workerSessionLimits } from '../../shared/data-source.js';
import { PASSEND_EVENTS, PASSEND_JOBS } from '../../shared/job-catalog.js';

/** The job host: the same feature modules, their job handlers and schedulers, and the outbox relay. */
@Module({})
export class WorkerModule {
  static forConfig(config: PassendConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        PlatformModule.forRoot({ config, dataSource: passendDataSourceOptions(config, 'passend-worker', workerSessionLimits(config)), jobs: PASSEND_JOBS, events: PASSEND_EVENTS, role: 'worker' }),
        AuditModule,
        ReferenceModule,
        SocialMapModule,
        ContextPortsModule,
        CasesModule,
        MatchingModule,
      ],
    };
  }
}
