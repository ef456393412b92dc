import { Body, Controller, Get, Headers, HttpCode, Param, Post, Put, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, UuidPipe, VersionEtagInterceptor, type Actor } from '@passend/platform';
import { BulkCapacityRequest, BulkCapacityResponse, CapacityResponse, CapacityUpdateRequest } from './capacity.dto.js';
import { CapacityService, expectedVersion } from './capacity.service.js';

@ApiTags('social map: capacity')
@ApiBearerAuth()
@Controller('offerings')
export class CapacityController {
  constructor(private readonly capacity: CapacityService) {}

  @Get(':id/capacity')
  @UseInterceptors(VersionEtagInterceptor)
  @ApiOkResponse({ type: CapacityResponse, description: 'current capacity; the ETag is the version' })
  current(@Param('id', UuidPipe) id: string): Promise<CapacityResponse> {
    return this.capacity.current(id);
  }

  @Put(':id/capacity')
  @Roles('provider_staff')
  @UseInterceptors(VersionEtagInterceptor)
  @ApiHeader({ name: 'If-Match', required: false, description: 'the ETag you read (or send version in the body)' })
  @ApiOkResponse({ type: CapacityResponse })
  @ApiConflictResponse({ description: 'stale version: the body carries the current state; nothing was saved' })
  update(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Headers('if-match') ifMatch: string | undefined, @Body() body: CapacityUpdateRequest): Promise<CapacityResponse> {
    return this.capacity.update(actor, { offeringId: id, ...body, expectedVersion: expectedVersion(ifMatch, body.version) });
  }

  @Post(':id/capacity/confirm')
  @Roles('provider_staff')
  @HttpCode(200)
  @UseInterceptors(VersionEtagInterceptor)
  @ApiOkResponse({ type: CapacityResponse, description: '"still correct": confirms the numbers as they are' })
  confirm(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<CapacityResponse> {
    return this.capacity.confirm(actor, id);
  }

  @Post('capacity/bulk')
  @Roles('provider_staff')
  @HttpCode(200)
  @ApiOkResponse({ type: BulkCapacityResponse, description: 'all rows saved, or none (400/409 naming the rows)' })
  async bulk(@CurrentActor() actor: Actor, @Body() body: BulkCapacityRequest): Promise<BulkCapacityResponse> {
    return { offerings: await this.capacity.updateMany(actor, body.rows.map((r) => ({ ...r, expectedVersion: r.version }))) };
  }
}
