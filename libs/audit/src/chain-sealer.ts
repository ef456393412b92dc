import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * Chains new access-log entries once their transactions have ended (audit.seal_access_log, see
 * migration AuditChainSealedAfterCommit1795800000730): writers never wait for each other, and an
 * entry is sealed within about a second of being written. Every process that writes entries runs
 * one; when several seal at once, one does the work and the others skip (SKIP LOCKED).
 */
@Injectable()
export class ChainSealer implements OnModuleInit, OnModuleDestroy {
  static readonly TICK_MS = 1_000;
  /** without new entries in this process, still sweep this often (entries of other processes, long transactions) */
  static readonly SWEEP_MS = 60_000;
  static readonly BATCH = 2_000;

  private readonly logger = new Logger('audit');
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;
  private lastWrite = 0;
  private lastSeal = 0;

  constructor(private readonly dataSource: DataSource) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.tick(), ChainSealer.TICK_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  /** An entry was written in this process: seal at the next tick. */
  written(): void {
    this.lastWrite = Date.now();
  }

  /** Seals every entry whose transaction has ended; returns how many. */
  async sealNow(): Promise<number> {
    if (this.running) await this.running.catch(() => undefined);
    this.running = this.sealAll();
    try {
      return await this.running;
    } finally {
      this.running = undefined;
    }
  }

  private async sealAll(): Promise<number> {
    let total = 0;
    for (;;) {
      const [row] = (await this.dataSource.query(`SELECT audit.seal_access_log($1) AS sealed`, [ChainSealer.BATCH])) as { sealed: number }[];
      total += row?.sealed ?? 0;
      if ((row?.sealed ?? 0) < ChainSealer.BATCH) break;
    }
    this.lastSeal = Date.now();
    return total;
  }

  private async tick(): Promise<void> {
    if (this.running || !this.dataSource.isInitialized) return;
    const now = Date.now();
    // keep sealing for a while after a write: entries of transactions still open are sealed when they commit
    if (now - this.lastWrite > ChainSealer.SWEEP_MS && now - this.lastSeal < ChainSealer.SWEEP_MS) return;
    try {
      await this.sealNow();
    } catch (error) {
      // the next tick tries again; only the error's class, never a driver message
      this.logger.warn({ msg: 'could not seal the audit chain', errorName: (error as Error)?.name });
    }
  }
}
