import { Module, type DynamicModule } from '@nestjs/common';
import { AuditModule } from '@passend/audit';
import { CasesModule } from '@passend/cases';
import { MatchingModule } from '@passend/matching';
import { IdentityModule } from '@passend/identity';
import { PlatformModule, type Clock, type PassendConfig } from '@passend/platform';
import { ReferenceModule } from '@passend/reference';
import { ReportingModule } from '@passend/reporting';
import { SocialMapModule } from '@passend/social-map';
import { ContextPortsModule } from '../../shared/context-ports.module.js';
import { apiSessionLimits, passendDataSourceOptions } from '../../shared/data-source.js';
import { PASSEND_EVENTS, PASSEND_JOBS } from '../../shared/job-catalog.js';

/** The HTTP edge: every feature module's controllers on one Nest application. */
@Module({})
export class ApiModule {
  static forConfig(config: PassendConfig, clock?: Clock): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        PlatformModule.forRoot({ config, dataSource: passendDataSourceOptions(config, 'passend-api', apiSessionLimits(config)), jobs: PASSEND_JOBS, events: PASSEND_EVENTS, role: 'api', clock }),
        AuditModule,
        IdentityModule,
        ReferenceModule,
        SocialMapModule,
        ContextPortsModule,
        ReportingModule,
        CasesModule,
        MatchingModule,
      ],
    };
  }
}
