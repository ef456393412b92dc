import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectConfig, type PassendConfig } from '@passend/platform';
import { createRemoteJWKSet, decodeJwt, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import type { OrganisationKind, Role } from '@passend/platform';

export interface LocalTokenClaims {
  sub: string;
  role: Role;
  org: string;
  orgKind: OrganisationKind;
  /** the sign-in session the token belongs to: the token stops working when the session ends */
  sid: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `expiresAt`: the token's `exp` in epoch milliseconds, when it has one (a live stream ends then).
 * `sessionId`: the local sign-in session (`sid`) that must still be live for the token to count.
 */
export type VerifiedToken =
  | { source: 'local'; userId: string; sessionId: string; expiresAt?: number }
  | { source: 'oidc'; subject: string; expiresAt?: number };

/**
 * Issues short-lived HS256 access tokens for password sign-in (demo, small deployments) and
 * verifies them; in production it also accepts tokens of the configured OpenID Connect issuer,
 * checked against its JWKS. A local token names its session (`sid`) and carries a unique `jti`;
 * a local token without a `sid` (issued before sessions existed) is refused.
 */
@Injectable()
export class TokenService {
  private readonly secret: Uint8Array;
  private readonly jwks?: ReturnType<typeof createRemoteJWKSet>;

  constructor(@InjectConfig() private readonly config: PassendConfig) {
    this.secret = new TextEncoder().encode(config.jwt.secret);
    if (config.oidc) this.jwks = createRemoteJWKSet(new URL(config.oidc.jwksUri));
  }

  /** An access token for `lifetimeSeconds` (the configured lifetime when not given; a session's end may make it shorter). */
  async issue(claims: LocalTokenClaims, lifetimeSeconds = this.config.jwt.ttlSeconds): Promise<{ accessToken: string; expiresIn: number }> {
    const { issuer, audience } = this.config.jwt;
    const accessToken = await new SignJWT({ role: claims.role, org: claims.org, orgKind: claims.orgKind, sid: claims.sid })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(claims.sub)
      .setIssuer(issuer)
      .setAudience(audience)
      .setJti(randomUUID())
      .setIssuedAt()
      .setExpirationTime(`${lifetimeSeconds}s`)
      .sign(this.secret);
    return { accessToken, expiresIn: lifetimeSeconds };
  }

  /** Returns who the token is for, or undefined when it is not valid (bad signature, expired, wrong issuer). */
  async verify(token: string): Promise<VerifiedToken | undefined> {
    let issuer: string | undefined;
    try {
      issuer = decodeJwt(token).iss;
    } catch {
      return undefined;
    }
    try {
      if (issuer === this.config.jwt.issuer) {
        const { payload } = await jwtVerify(token, this.secret, {
          issuer: this.config.jwt.issuer,
          audience: this.config.jwt.audience,
          algorithms: ['HS256'],
          // a token without an expiry or an issue time is refused: it could live for ever; one without
          // a session (issued before sessions existed) could not be revoked, and is refused too
          requiredClaims: ['exp', 'iat', 'sid', 'jti'],
        });
        const sid = payload.sid;
        if (typeof sid !== 'string' || !UUID.test(sid)) return undefined;
        return subjectOf(payload, (sub) => ({ source: 'local', userId: sub, sessionId: sid.toLowerCase() }));
      }
      if (this.config.oidc && this.jwks && issuer === this.config.oidc.issuer) {
        const { payload } = await jwtVerify(token, this.jwks, {
          issuer: this.config.oidc.issuer,
          audience: this.config.oidc.audience,
          requiredClaims: ['exp'],
        });
        return subjectOf(payload, (sub) => ({ source: 'oidc', subject: sub }));
      }
    } catch {
      return undefined;
    }
    return undefined;
  }
}

function subjectOf(payload: JWTPayload, make: (sub: string) => VerifiedToken): VerifiedToken | undefined {
  if (typeof payload.sub !== 'string' || payload.sub.length === 0) return undefined;
  const token = make(payload.sub);
  return typeof payload.exp === 'number' ? { ...token, expiresAt: payload.exp * 1000 } : token;
}
