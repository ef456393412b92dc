import { Controller, Query, Req, Sse, SseSignal, type MessageEvent } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiQuery, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { clientAddressOf, DomainError, toList, type AuthenticatedRequest, type FieldProblem } from '@passend/platform';
import { ReferenceCatalog } from '@passend/reference';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional, Matches } from 'class-validator';
import { concat, finalize, interval, map, merge, take, takeUntil, type Observable } from 'rxjs';
import { CapacityFeed } from './capacity-feed.js';
import { StreamRegistry } from './stream-registry.js';

export class StreamQuery {
  @IsOptional() @Transform(toList) @IsArray() @ArrayMaxSize(42) @Matches(/^JZ\d{2}$/, { each: true, message: 'region must be youth-care region codes such as JZ22' }) region?: string[];
  @IsOptional() @Transform(toList) @IsArray() @ArrayMaxSize(20) @Matches(/^\d{2}$/, { each: true, message: 'category must be JZ020 codes such as 43' }) category?: string[];
}

/** Heartbeat comment every 25 s keeps proxies from closing an idle stream. */
export const HEARTBEAT_MS = 25_000;

@ApiTags('social map: live')
@ApiBearerAuth()
@Controller('social-map')
export class StreamController {
  constructor(
    private readonly feed: CapacityFeed,
    private readonly reference: ReferenceCatalog,
    private readonly streams: StreamRegistry,
  ) {}

  @Sse('stream')
  @ApiQuery({ name: 'region', required: false, example: 'JZ22,JZ23' })
  @ApiQuery({ name: 'category', required: false, example: '43' })
  @ApiOkResponse({
    description:
      'Server-Sent Events: `capacity` events with offeringId, region, category, free/total places, wait; `heartbeat` events; ' +
      'a last `end` event `{reason}` (token_expired, account_inactive, session_ended, shutdown) before the server closes the stream',
  })
  @ApiTooManyRequestsResponse({ description: 'the user, the client address or the server has as many streams open as allowed (STREAMS_PER_USER, STREAMS_PER_ADDRESS, STREAMS_TOTAL)' })
  async stream(@Query() query: StreamQuery, @Req() req: AuthenticatedRequest, @SseSignal() signal: AbortSignal): Promise<Observable<MessageEvent>> {
    // the slot is taken before any work, and freed on every way the request ends: an error
    // below, the client leaving (even before the stream is subscribed), or the stream ending
    const lease = this.streams.acquire(req.principal!.userId, clientAddressOf(req), req.tokenExpiresAt, req.sessionId);
    signal.addEventListener('abort', () => lease.release(), { once: true });
    try {
      const problems: FieldProblem[] = [];
      for (const [i, code] of (query.region ?? []).entries()) if (!(await this.reference.region(code))) problems.push({ field: `region[${i}]`, message: `${code} is not a youth-care region` });
      for (const [i, code] of (query.category ?? []).entries()) if (!(await this.reference.isCode('JZ020', code))) problems.push({ field: `category[${i}]`, message: `${code} is not a JZ020 product category` });
      if (problems.length) throw DomainError.validation(problems);
      await this.feed.listening();
    } catch (error) {
      lease.release();
      throw error;
    }
    const events = merge(
      this.feed.stream({ regionCodes: query.region, categoryCodes: query.category }).pipe(map((change): MessageEvent => ({ type: 'capacity', id: `${change.offeringId}:${change.at}`, data: change }))),
      interval(HEARTBEAT_MS).pipe(map((): MessageEvent => ({ type: 'heartbeat', data: { at: new Date().toISOString() } }))),
    );
    return concat(
      events.pipe(takeUntil(lease.ended)),
      lease.ended.pipe(take(1), map((reason): MessageEvent => ({ type: 'end', data: { reason } }))),
    ).pipe(finalize(() => lease.release()));
  }
}
