import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentActor, UuidPipe, type Actor } from '@passend/platform';
import { DashboardDetailResponse, RegionsDashboardResponse } from './dashboard.dto.js';
import { DashboardService } from './dashboard.service.js';
import { MatchingDashboardResponse } from './matching-dashboard.dto.js';
import { MatchingDashboardService } from './matching-dashboard.service.js';

/**
 * The norm dashboards: aggregates only, small cells suppressed, every read in the audit log.
 * Who may read which is decided (and logged, also when denied) by `dashboardPolicy`.
 */
@ApiTags('reporting: dashboards')
@ApiBearerAuth()
@ApiForbiddenResponse({ description: 'providers and expert-table members; another institution\'s dashboard (audited)' })
@Controller('dashboard')
export class DashboardController {
  constructor(
    private readonly dashboards: DashboardService,
    private readonly matching: MatchingDashboardService,
  ) {}

  @Get('matching')
  @ApiOkResponse({ type: MatchingDashboardResponse, description: 'matching figures for the whole country, per region and category, over the last 3, 6 and 12 months' })
  matchingNational(@CurrentActor() actor: Actor): Promise<MatchingDashboardResponse> {
    return this.matching.national(actor);
  }

  @Get('matching/:code')
  @ApiParam({ name: 'code', description: "a youth-care region code (JZ22) or an inspection area's name, URL-encoded ('Utrecht%20%26%20Flevoland')" })
  @ApiOkResponse({ type: MatchingDashboardResponse, description: 'matching figures of one region or inspection area' })
  @ApiNotFoundResponse({ description: 'no such region or inspection area' })
  matchingScoped(@CurrentActor() actor: Actor, @Param('code') code: string): Promise<MatchingDashboardResponse> {
    return this.matching.scoped(actor, code);
  }

  @Get('regions')
  @ApiOkResponse({ type: RegionsDashboardResponse, description: 'every youth-care region with its norms and status' })
  regions(@CurrentActor() actor: Actor): Promise<RegionsDashboardResponse> {
    return this.dashboards.regions(actor);
  }

  @Get('regions/:code')
  @ApiParam({ name: 'code', description: "a youth-care region code (JZ22) or an inspection area's name, URL-encoded ('Utrecht%20%26%20Flevoland')" })
  @ApiOkResponse({ type: DashboardDetailResponse, description: 'one region or inspection area, with waiting per category and a monthly series' })
  @ApiNotFoundResponse({ description: 'no such region or inspection area' })
  region(@CurrentActor() actor: Actor, @Param('code') code: string): Promise<DashboardDetailResponse> {
    return this.dashboards.region(actor, code);
  }

  @Get('institutions/:id')
  @ApiOkResponse({ type: DashboardDetailResponse, description: "one certified institution's figures (its own guardians and administrators)" })
  @ApiNotFoundResponse({ description: 'no such certified institution' })
  institution(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<DashboardDetailResponse> {
    return this.dashboards.institution(actor, id);
  }
}
