import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { SessionDirectory, UserDirectory, type SessionsEnded } from '@passend/identity';
import { DomainError, ErrorCode, InjectConfig, type PassendConfig } from '@passend/platform';
import { ReplaySubject, type Observable, type Subscription } from 'rxjs';

/** Why the server ended a stream: told to the client in an `end` event before it closes. */
export type StreamEndReason = 'token_expired' | 'account_inactive' | 'session_ended' | 'shutdown';

export interface StreamLimits {
  perUser: number;
  perAddress: number;
  total: number;
  accountCheckMs: number;
}

export const DEFAULT_STREAM_LIMITS: StreamLimits = { perUser: 3, perAddress: 10, total: 1000, accountCheckMs: 30_000 };

/** Retry-After of a refused stream: a slot frees when a stream of the same user or address ends, which the server cannot foresee. */
export const STREAM_RETRY_AFTER_SECONDS = 30;

/** setTimeout() fires at once for a delay above 2^31 - 1 ms (about 24.8 days). */
const MAX_TIMER_MS = 2_147_483_647;

/** An open stream's slot: `ended` emits once when the server ends it; `release()` frees the slot (idempotent). */
export interface StreamLease {
  readonly ended: Observable<StreamEndReason>;
  release(): void;
}

interface OpenStream {
  userId: string;
  /** the sign-in session of the stream's token (none for an OpenID Connect token) */
  sessionId?: string;
  address: string;
  ended: ReplaySubject<StreamEndReason>;
  expiry?: NodeJS.Timeout;
}

/**
 * The open live streams of this api process: caps them per user, per client address and in
 * all (a 429 before the stream opens), ends each at its token's expiry, and checks every
 * `accountCheckMs` — in one query each for all of them — that their accounts are still active and
 * their sign-in sessions still live. A session revoked by this process (logout, an admin,
 * deactivation, reuse of a refresh token) ends its streams at once; one revoked by another api
 * process ends them at the next check. Nothing here holds a database connection between checks.
 */
@Injectable()
export class StreamRegistry implements BeforeApplicationShutdown {
  private readonly logger = new Logger('stream-registry');
  private readonly limits: StreamLimits;
  private readonly open = new Set<OpenStream>();
  private readonly perUser = new Map<string, number>();
  private readonly perAddress = new Map<string, number>();
  private check?: NodeJS.Timeout;
  private checking = false;
  private closed = false;
  private readonly revocations: Subscription;

  constructor(
    @InjectConfig() config: PassendConfig,
    private readonly users: UserDirectory,
    private readonly sessions: SessionDirectory,
  ) {
    this.limits = config.streams ?? DEFAULT_STREAM_LIMITS;
    this.revocations = sessions.ended.subscribe((ended) => this.endSessions(ended));
  }

  /** Takes a slot for a stream of this user from this address, or throws the 429. */
  acquire(userId: string, address: string, tokenExpiresAt: number | undefined, sessionId?: string): StreamLease {
    if (this.closed) throw new DomainError(ErrorCode.TooManyRequests, 'The server is shutting down; reconnect in a moment', { retryAfterSeconds: 5 });
    const refusal =
      (this.perUser.get(userId) ?? 0) >= this.limits.perUser
        ? `You have ${this.limits.perUser} live streams open already; close one first`
        : (this.perAddress.get(address) ?? 0) >= this.limits.perAddress
          ? `This address has ${this.limits.perAddress} live streams open already; close one first`
          : this.open.size >= this.limits.total
            ? 'The server has as many live streams open as it allows; try again later'
            : undefined;
    if (refusal) throw new DomainError(ErrorCode.TooManyRequests, refusal, { retryAfterSeconds: STREAM_RETRY_AFTER_SECONDS });
    const stream: OpenStream = { userId, address, sessionId, ended: new ReplaySubject<StreamEndReason>(1) };
    this.open.add(stream);
    this.perUser.set(userId, (this.perUser.get(userId) ?? 0) + 1);
    this.perAddress.set(address, (this.perAddress.get(address) ?? 0) + 1);
    if (tokenExpiresAt !== undefined) this.endAt(stream, tokenExpiresAt);
    this.startChecking();
    let released = false;
    return {
      ended: stream.ended.asObservable(),
      release: () => {
        if (released) return;
        released = true;
        this.remove(stream);
      },
    };
  }

  /** How many streams are open (tests, metrics). */
  get size(): number {
    return this.open.size;
  }

  /** Ends the stream at `at` (a token good for longer than a timer can wait re-arms it). */
  private endAt(stream: OpenStream, at: number): void {
    const delay = Math.max(0, at - Date.now());
    stream.expiry =
      delay > MAX_TIMER_MS ? setTimeout(() => this.endAt(stream, at), MAX_TIMER_MS) : setTimeout(() => this.end(stream, 'token_expired'), delay);
    stream.expiry.unref();
  }

  private end(stream: OpenStream, reason: StreamEndReason): void {
    if (stream.ended.closed || !this.open.has(stream)) return;
    stream.ended.next(reason);
    stream.ended.complete();
  }

  private remove(stream: OpenStream): void {
    if (!this.open.delete(stream)) return;
    clearTimeout(stream.expiry);
    stream.ended.complete();
    decrement(this.perUser, stream.userId);
    decrement(this.perAddress, stream.address);
    if (this.open.size === 0) this.stopChecking();
  }

  private startChecking(): void {
    if (this.check || this.closed) return;
    this.check = setInterval(() => void this.checkAccounts(), this.limits.accountCheckMs);
    this.check.unref();
  }

  private stopChecking(): void {
    clearInterval(this.check);
    this.check = undefined;
  }

  /** Ends the streams of sessions revoked in this process. */
  private endSessions(ended: SessionsEnded): void {
    const sessionIds = new Set(ended.sessionIds);
    for (const stream of [...this.open]) {
      if (stream.sessionId !== undefined && sessionIds.has(stream.sessionId)) this.end(stream, 'session_ended');
    }
  }

  /** Ends the streams of accounts that are no longer active (or no longer exist), and of sessions that ended. */
  private async checkAccounts(): Promise<void> {
    if (this.checking || this.open.size === 0) return;
    this.checking = true;
    try {
      const open = [...this.open];
      const standings = await this.users.standings([...new Set(open.map((s) => s.userId))]);
      const live = await this.sessions.liveSessionIds(open.flatMap((s) => (s.sessionId === undefined ? [] : [s.sessionId])));
      for (const stream of open) {
        if (!standings.get(stream.userId)?.active) this.end(stream, 'account_inactive');
        else if (stream.sessionId !== undefined && !live.has(stream.sessionId)) this.end(stream, 'session_ended');
      }
    } catch (error) {
      this.logger.warn({ msg: 'could not check the accounts of open streams; trying again at the next check', errorName: (error as Error).name });
    } finally {
      this.checking = false;
    }
  }

  /**
   * Ends every stream before the http server closes, and waits (a second at most) for them to
   * be written out: the server then finds their connections idle and closes them at once,
   * instead of waiting for the clients' keep-alive to run out.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.closed = true;
    this.stopChecking();
    this.revocations.unsubscribe();
    for (const stream of [...this.open]) this.end(stream, 'shutdown');
    for (const until = Date.now() + 1000; this.open.size > 0 && Date.now() < until; ) await new Promise((done) => setTimeout(done, 10));
    await new Promise((done) => setTimeout(done, 10));
  }
}

function decrement(counts: Map<string, number>, key: string): void {
  const left = (counts.get(key) ?? 0) - 1;
  if (left > 0) counts.set(key, left);
  else counts.delete(key);
}
