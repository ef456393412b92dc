import { isIP } from 'node:net';
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

/**
 * Set by the auth guard: `tokenExpiresAt`, when the bearer token expires (epoch ms), when the token
 * says; `sessionId`, the sign-in session of a local token (an OpenID Connect token has none).
 */
export type AuthenticatedRequest = Request & { principal?: Principal; tokenExpiresAt?: number; sessionId?: string };

/**
 * The client's address: an IPv4 or IPv6 literal, or 'unknown'. With trusted proxies
 * (TRUST_PROXY_HOPS) Express takes it from X-Forwarded-For without checking it; a value there that
 * is not an address (made up by a client that reached the api past the proxy) is ignored, and the
 * address of the peer that sent the request is used instead. What this returns goes into the
 * login throttle and the audit log.
 */
export function clientAddressOf(req: Request): string {
  return ipAddressOrUndefined(req.ip) ?? ipAddressOrUndefined(req.socket.remoteAddress) ?? 'unknown';
}

/** The value as a normalised IP address (IPv4-mapped IPv6 as IPv4, lower case), or undefined when it is not one. */
export function ipAddressOrUndefined(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const address = value.trim().toLowerCase().replace(/^::ffff:(?=\d{1,3}(\.\d{1,3}){3}$)/, '');
  // no zone ids (fe80::1%eth0): they are free text
  if (address.length > 45 || address.includes('%')) return undefined;
  return isIP(address) !== 0 ? address : undefined;
}

export function actorOf(req: AuthenticatedRequest): Actor {
  if (!req.principal) throw new Error('actorOf() on a public route: no principal');
  return { principal: req.principal, clientAddress: clientAddressOf(req), correlationId: currentCorrelationId() };
}

/** The authenticated actor of this request. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor =>
  actorOf(ctx.switchToHttp().getRequest<AuthenticatedRequest>()),
);
