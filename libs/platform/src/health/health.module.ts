import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller.js';
import { SearchHealth } from './search-health.js';

@Module({
  imports: [TerminusModule],
  controllers: [HealthController],
  providers: [SearchHealth],
  exports: [SearchHealth],
})
export class HealthModule {}
