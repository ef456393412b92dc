import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError, ErrorCode, IS_PUBLIC, REQUIRED_ROLES, type AuthenticatedRequest, type Role } from '@passend/platform';
import { PrincipalResolver } from './principal-resolver.js';
import { TokenService } from './token.service.js';

/** Global guard: every route needs a valid bearer token unless marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly principals: PrincipalResolver,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = req.header('authorization') ?? '';
    const match = /^Bearer\s+([A-Za-z0-9._~+/=-]+)$/i.exec(header);
    if (!match) throw new DomainError(ErrorCode.Unauthenticated, 'Sign in first: this route needs a bearer token');
    const verified = await this.tokens.verify(match[1]!);
    const principal = verified && (await this.principals.resolve(verified));
    if (!principal) throw new DomainError(ErrorCode.Unauthenticated, 'The token is not valid or has expired');
    req.principal = principal;
    req.tokenExpiresAt = verified ? verified.expiresAt : undefined;
    req.sessionId = verified && verified.source === 'local' ? verified.sessionId : undefined;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (roles && !roles.includes(principal.role)) {
      throw DomainError.forbidden(`This route is for ${roles.join(', ')}`);
    }
    return true;
  }
}
