import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator, type HealthCheckResult, type HealthIndicatorResult } from '@nestjs/terminus';
import { Public } from '../access/public.decorator.js';
import { QueueBackend } from '../queue/queue-backend.js';
import { SearchHealth } from './search-health.js';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly queue: QueueBackend,
    private readonly search: SearchHealth,
  ) {}

  @Get()
  @Public()
  @HealthCheck()
  @ApiOkResponse({ description: 'database, queue and search are up (search may be degraded to PostgreSQL)' })
  @ApiServiceUnavailableResponse({ description: 'a required component is down' })
  check(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.db.pingCheck('database', { timeout: 2000 }),
      () => this.queueCheck(),
      () => this.search.check(),
    ]);
  }

  private async queueCheck(): Promise<HealthIndicatorResult> {
    const backend = this.queue.kind;
    try {
      await this.queue.ping();
      return { queue: { status: 'up', backend } };
    } catch {
      return { queue: { status: 'down', backend } };
    }
  }
}

