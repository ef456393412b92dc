import { Injectable } from '@nestjs/common';
import { InjectConfig, type PassendConfig } from '@passend/platform';
import { createRemoteJWKSet, decodeJwt, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import type { OrganisationKind, Role } from '@passend/platform';

export interface LocalTokenClaims {
  sub: string;
  role: Role;
  org: string;
  orgKind: OrganisationKind;
}

/** `expiresAt`: the token's `exp` in epoch milliseconds, when it has one (a live stream ends then). */
export type VerifiedToken =
  | { source: 'local'; userId: string; expiresAt?: number }
  | { source: 'oidc'; subject: string; expiresAt?: number };

/**
 * Issues short-lived HS256 tokens for password sign-in (demo, small deployments) and verifies
 * them; in production it also accepts tokens of the configured OpenID Connect issuer, checked
 * against its JWKS.
 */
@Injectable()
export class TokenService {
  private readonly secret: Uint8Array;
  private readonly jwks?: ReturnType<typeof createRemoteJWKSet>;

  constructor(@InjectConfig() private readonly config: PassendConfig) {
    this.secret = new TextEncoder().encode(config.jwt.secret);
    if (config.oidc) this.jwks = createRemoteJWKSet(new URL(config.oidc.jwksUri));
  }

  async issue(claims: LocalTokenClaims): Promise<{ accessToken: string; expiresIn: number }> {
    const { issuer, audience, ttlSeconds } = this.config.jwt;
    const accessToken = await new SignJWT({ role: claims.role, org: claims.org, orgKind: claims.orgKind })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(claims.sub)
      .setIssuer(issuer)
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime(`${ttlSeconds}s`)
      .sign(this.secret);
    return { accessToken, expiresIn: ttlSeconds };
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
          // a token without an expiry or an issue time is refused: it could live for ever
          requiredClaims: ['exp', 'iat'],
        });
        return subjectOf(payload, (sub) => ({ source: 'local', userId: sub }));
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
