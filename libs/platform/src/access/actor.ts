import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { currentCorrelationId } from '../logging/correlation.js';
import type { Request } from 'express';
import type { Principal } from '../domain/principal.js';

/**
 * Who performs a request and from where: what the audit log records with every access.
 * Controllers pass it to services explicitly.
 */
export interface Actor {
  principal: Principal;
  clientAddress: string;
  correlationId: string | undefined;
}

/** `tokenExpiresAt`: when the bearer token expires (epoch ms), set by the auth guard when the token says. */
export type AuthenticatedRequest = Request & { principal?: Principal; tokenExpiresAt?: number };

export function clientAddressOf(req: Request): string {
  return (req.ip ?? req.socket.remoteAddress ?? 'unknown').replace(/^::ffff:/, '');
}

export function actorOf(req: AuthenticatedRequest): Actor {
  if (!req.principal) throw new Error('actorOf() on a public route: no principal');
  return { principal: req.principal, clientAddress: clientAddressOf(req), correlationId: currentCorrelationId() };
}

/** The authenticated actor of this request. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor =>
  actorOf(ctx.switchToHttp().getRequest<AuthenticatedRequest>()),
);
