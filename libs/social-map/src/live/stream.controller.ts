import { Controller, Query, Sse, type MessageEvent } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { DomainError, toList, type FieldProblem } from '@passend/platform';
import { ReferenceCatalog } from '@passend/reference';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional, Matches } from 'class-validator';
import { interval, map, merge, type Observable } from 'rxjs';
import { CapacityFeed } from './capacity-feed.js';

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
  ) {}

  @Sse('stream')
  @ApiQuery({ name: 'region', required: false, example: 'JZ22,JZ23' })
  @ApiQuery({ name: 'category', required: false, example: '43' })
  @ApiOkResponse({ description: 'Server-Sent Events: `capacity` events with offeringId, region, category, free/total places, wait' })
  async stream(@Query() query: StreamQuery): Promise<Observable<MessageEvent>> {
    const problems: FieldProblem[] = [];
    for (const [i, code] of (query.region ?? []).entries()) if (!(await this.reference.region(code))) problems.push({ field: `region[${i}]`, message: `${code} is not a youth-care region` });
    for (const [i, code] of (query.category ?? []).entries()) if (!(await this.reference.isCode('JZ020', code))) problems.push({ field: `category[${i}]`, message: `${code} is not a JZ020 product category` });
    if (problems.length) throw DomainError.validation(problems);
    await this.feed.listening();
    return merge(
      this.feed.stream({ regionCodes: query.region, categoryCodes: query.category }).pipe(map((change): MessageEvent => ({ type: 'capacity', id: `${change.offeringId}:${change.at}`, data: change }))),
      interval(HEARTBEAT_MS).pipe(map((): MessageEvent => ({ type: 'heartbeat', data: { at: new Date().toISOString() } }))),
    );
  }
}
