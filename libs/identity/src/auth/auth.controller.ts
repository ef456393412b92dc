import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { actorOf, clientAddressOf, CurrentActor, currentCorrelationId, DomainError, ErrorCode, Public, type Actor, type AuthenticatedRequest } from '@passend/platform';
import type { Request } from 'express';
import { Sessions } from '../sessions/sessions.js';
import { LoginRequest, LoginResponse, LogoutRequest, MeResponse, RefreshRequest } from './auth.dto.js';
import { LoginService } from './login.service.js';
import { ProfileService } from './profile.service.js';

/** Token answers carry `Cache-Control: no-store` like every /api answer (configure-http.ts). */
@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly logins: LoginService,
    private readonly sessions: Sessions,
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

  @Post('refresh')
  @Public()
  @HttpCode(200)
  @ApiOkResponse({ type: LoginResponse, description: 'new tokens; the refresh token sent stops working' })
  @ApiUnauthorizedResponse({ description: 'the refresh token is unknown, used before (the session is then revoked), or its session has ended (which one is not said)' })
  @ApiTooManyRequestsResponse({ description: 'more than the allowed failed sign-ins a minute from this address' })
  async refresh(@Body() body: RefreshRequest, @Req() req: Request): Promise<LoginResponse> {
    return { ...(await this.sessions.refresh({ refreshToken: body.refreshToken, clientAddress: clientAddressOf(req), correlationId: currentCorrelationId() })), tokenType: 'Bearer' };
  }

  @Post('logout')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiNoContentResponse({ description: "the bearer token's session has ended: its access and refresh tokens no longer work" })
  @ApiUnauthorizedResponse({ description: 'no valid bearer token, or a refresh token of another session' })
  async logout(@Body() body: LogoutRequest, @Req() req: AuthenticatedRequest): Promise<void> {
    const actor: Actor = actorOf(req);
    if (!req.sessionId) {
      throw new DomainError(ErrorCode.Conflict, 'This token comes from your organisation\'s identity provider and has no Passend session: sign out there');
    }
    await this.sessions.logout(actor, req.sessionId, body.refreshToken);
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOkResponse({ type: MeResponse })
  me(@CurrentActor() actor: Actor): Promise<MeResponse> {
    return this.profiles.of(actor.principal);
  }
}
