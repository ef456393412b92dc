import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { InjectConfig, type PassendConfig } from '@passend/platform';
import pg from 'pg';
import { Observable, Subject, filter, share } from 'rxjs';
import { CAPACITY_CHANNEL, type CapacityChange } from './capacity-notifications.js';

export interface CapacityFeedFilter {
  regionCodes?: string[];
  categoryCodes?: string[];
}

export function matchesFeedFilter(change: CapacityChange, f: CapacityFeedFilter): boolean {
  return (!f.regionCodes?.length || f.regionCodes.includes(change.regionCode)) && (!f.categoryCodes?.length || f.categoryCodes.includes(change.categoryCode));
}

/**
 * Committed capacity changes of every process, as they happen: one LISTEN connection per api
 * process (opened at the first subscriber, re-opened after a drop), fanned out to its stream
 * clients. NOTIFY travels through PostgreSQL, so a change made behind any replica reaches the
 * clients of all replicas.
 */
@Injectable()
export class CapacityFeed implements OnApplicationShutdown {
  private readonly logger = new Logger('capacity-feed');
  private readonly changes = new Subject<CapacityChange>();
  private readonly shared: Observable<CapacityChange>;
  private client?: pg.Client;
  private connecting?: Promise<void>;
  private closed = false;
  private retryMs = 500;

  constructor(@InjectConfig() private readonly config: PassendConfig) {
    this.shared = new Observable<CapacityChange>((subscriber) => {
      void this.connect();
      const subscription = this.changes.subscribe(subscriber);
      return () => subscription.unsubscribe();
    }).pipe(share());
  }

  stream(f: CapacityFeedFilter = {}): Observable<CapacityChange> {
    return this.shared.pipe(filter((change) => matchesFeedFilter(change, f)));
  }

  /** Resolves once this process listens (tests and benchmarks wait for it). */
  async listening(): Promise<void> {
    await this.connect();
  }

  private connect(): Promise<void> {
    if (this.client || this.closed) return Promise.resolve();
    this.connecting ??= (async () => {
      const client = new pg.Client({ connectionString: this.config.databaseUrl, application_name: 'passend-capacity-feed', keepAlive: true });
      client.on('notification', (message) => {
        if (message.channel !== CAPACITY_CHANNEL || !message.payload) return;
        try {
          this.changes.next(JSON.parse(message.payload) as CapacityChange);
        } catch {
          this.logger.warn({ msg: 'unreadable capacity notification' });
        }
      });
      client.on('error', (error) => {
        this.logger.warn({ msg: 'capacity feed connection lost; reconnecting', errorName: error.name });
        this.client = undefined;
        client.end().catch(() => undefined);
        if (!this.closed) setTimeout(() => void this.connect(), this.retryMs);
      });
      try {
        await client.connect();
        await client.query(`LISTEN ${CAPACITY_CHANNEL}`);
        this.client = client;
        this.retryMs = 500;
      } catch (error) {
        await client.end().catch(() => undefined);
        this.retryMs = Math.min(this.retryMs * 2, 10_000);
        this.logger.warn({ msg: 'capacity feed could not listen; retrying', errorName: (error as Error).name });
        if (!this.closed) setTimeout(() => void this.connect(), this.retryMs);
      }
    })().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    this.changes.complete();
    await this.client?.end().catch(() => undefined);
  }
}
