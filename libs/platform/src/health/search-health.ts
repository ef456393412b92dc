import { Injectable } from '@nestjs/common';
import type { HealthIndicatorResult } from '@nestjs/terminus';
import { Meilisearch } from 'meilisearch';
import { InjectConfig } from '../config/config.tokens.js';
import type { PassendConfig } from '../config/environment.js';

export const SEARCH_HEALTH = Symbol('SEARCH_HEALTH');

/**
 * Search runs on Meilisearch when MEILI_URL is set, else on PostgreSQL. Meilisearch down is not
 * fatal: search falls back to PostgreSQL, so the component reports "up" with status degraded.
 */
@Injectable()
export class SearchHealth {
  private readonly client?: Meilisearch;

  constructor(@InjectConfig() config: PassendConfig) {
    if (config.meili) this.client = new Meilisearch({ host: config.meili.url, apiKey: config.meili.apiKey, timeout: 2000 });
  }

  async check(): Promise<HealthIndicatorResult> {
    if (!this.client) return { search: { status: 'up', engine: 'postgresql' } };
    try {
      await this.client.health();
      return { search: { status: 'up', engine: 'meilisearch' } };
    } catch {
      return { search: { status: 'up', engine: 'postgresql', degraded: true, reason: 'meilisearch unreachable; searching PostgreSQL' } };
    }
  }
}
