import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, UuidPipe, type Actor } from '@passend/platform';
import { AccountAdministration } from './account-administration.js';
import { AccountSessionsResponse } from './accounts.dto.js';

@ApiTags('admin: accounts')
@ApiBearerAuth()
@Controller('admin/users')
export class AccountsController {
  constructor(private readonly accounts: AccountAdministration) {}

  @Post(':id/sessions/revoke')
  @HttpCode(200)
  @ApiOkResponse({ type: AccountSessionsResponse, description: 'every session of the user has ended; signing in again is possible (when the account is active)' })
  @ApiForbiddenResponse({ description: 'only administrators (the refusal is audited)' })
  @ApiNotFoundResponse({ description: 'no such user' })
  revokeSessions(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<AccountSessionsResponse> {
    return this.accounts.revokeSessions(actor, id);
  }

  @Post(':id/deactivate')
  @HttpCode(200)
  @ApiOkResponse({ type: AccountSessionsResponse, description: 'the account can no longer sign in, and every session of it has ended' })
  @ApiForbiddenResponse({ description: 'only administrators (the refusal is audited)' })
  @ApiNotFoundResponse({ description: 'no such user' })
  deactivate(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<AccountSessionsResponse> {
    return this.accounts.deactivate(actor, id);
  }
}
