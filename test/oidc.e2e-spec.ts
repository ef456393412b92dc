import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApi, type TestApi } from './support/test-api.js';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';

/**
 * Production sign-in through an OpenID Connect provider: the api verifies the provider's tokens
 * against its JWKS and maps the subject to a Passend account (role and organisation come from
 * Passend, not from the token).
 */
describe('OIDC tokens', () => {
  const issuer = 'https://login.example-gi.nl';
  const audience = 'passend-production';
  let api: TestApi;
  let jwks: Server;
  let key: CryptoKey;
  let otherKey: CryptoKey;

  const token = (claims: { sub?: string; aud?: string; iss?: string; exp?: string }, signWith = key) =>
    new SignJWT({})
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setSubject(claims.sub ?? 'gi-employee-1')
      .setIssuer(claims.iss ?? issuer)
      .setAudience(claims.aud ?? audience)
      .setIssuedAt()
      .setExpirationTime(claims.exp ?? '5m')
      .sign(signWith);

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    key = pair.privateKey;
    otherKey = (await generateKeyPair('RS256')).privateKey;
    const publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    jwks = createServer((_, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [publicJwk] }));
    });
    await new Promise<void>((done) => jwks.listen(0, '127.0.0.1', done));
    const { port } = jwks.address() as AddressInfo;
    api = await startTestApi({ oidc: { issuer, jwksUri: `http://127.0.0.1:${port}/jwks`, audience } });
    await api.dataSource.query(`UPDATE identity."user" SET oidc_subject = 'gi-employee-1' WHERE email = 'jeugdbeschermer@demo.passend.nl'`);
  });
  afterAll(async () => {
    await api.close();
    await new Promise((done) => jwks.close(done));
  });

  it("accepts the provider's token and takes role and organisation from the Passend account", async () => {
    const res = await request(api.http).get('/api/auth/me').set('Authorization', `Bearer ${await token({})}`).expect(200);
    expect(res.body).toMatchObject({ role: 'guardian', organisationKind: 'certified_institution' });
  });

  it.each([
    ['another audience', { aud: 'someone-else' }],
    ['an unknown subject', { sub: 'not-a-passend-user' }],
    ['an expired token', { exp: '-1m' }],
  ])('refuses %s with 401', async (_, claims) => {
    await request(api.http).get('/api/auth/me').set('Authorization', `Bearer ${await token(claims)}`).expect(401);
  });

  it('refuses a token signed with a key the provider does not publish', async () => {
    await request(api.http).get('/api/auth/me').set('Authorization', `Bearer ${await token({}, otherKey)}`).expect(401);
  });

  it('still accepts its own password sign-in tokens alongside', async () => {
    await request(api.http).get('/api/auth/me').set('Authorization', `Bearer ${await api.tokenFor('admin')}`).expect(200);
  });

  it('has no Passend session: logout answers 409 and the token goes on working', async () => {
    const oidc = await token({});
    const res = await request(api.http).post('/api/auth/logout').set('Authorization', `Bearer ${oidc}`).expect(409);
    expect(res.body.error.code).toBe('conflict');
    await request(api.http).get('/api/auth/me').set('Authorization', `Bearer ${oidc}`).expect(200);
  });

  it("refuses the provider's token at once in this process when an admin deactivates the account (not after the principal cache's 30 s)", async () => {
    const oidc = await token({});
    await request(api.http).get('/api/auth/me').set('Authorization', `Bearer ${oidc}`).expect(200);
    const [{ id }] = (await api.dataSource.query(`SELECT id FROM identity."user" WHERE oidc_subject = 'gi-employee-1'`)) as { id: string }[];
    await request(api.http).post(`/api/admin/users/${id}/deactivate`).set('Authorization', `Bearer ${await api.tokenFor('admin')}`).expect(200);
    await request(api.http).get('/api/auth/me').set('Authorization', `Bearer ${oidc}`).expect(401);
  });
});
