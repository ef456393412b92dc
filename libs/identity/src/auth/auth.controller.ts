import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { clientAddressOf, CurrentActor, currentCorrelationId, Public, type Actor } from '@passend/platform';
import type { Request } from 'express';
import { LoginRequest, LoginResponse, MeResponse } from './auth.dto.js';
import { LoginService } from './login.service.js';
import { ProfileService } from './profile.service.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly logins: LoginService,
    private readonly profiles: ProfileService,
  ) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOkResponse({ type: LoginResponse })
  @ApiUnauthorizedResponse({ description: 'e-mail address or password not correct (which one is not said)' })
  @ApiTooManyRequestsResponse({ description: 'more than the allowed failed sign-ins a minute from this address' })
  async login(@Body() body: LoginRequest, @Req() req: Request): Promise<LoginResponse> {
    return { ...(await this.logins.login({ ...body, clientAddress: clientAddressOf(req), correlationId: currentCorrelationId() })), tokenType: 'Bearer' };
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOkResponse({ type: MeResponse })
  me(@CurrentActor() actor: Actor): Promise<MeResponse> {
    return this.profiles.of(actor.principal);
  }
}
