import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApi, type TestApi } from './support/test-api.js';
import { request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { announceCapacity } from '@passend/social-map';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, TokenService } from '@passend/identity';

/** The claims of a JWT (not verified: the test's own token). */
function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
}

interface StreamEvent {
  event: string;
  data: Record<string, unknown>;
}

/** A minimal Server-Sent Events client: collects events until closed. */
async function openStream(server: Server, path: string, token: string): Promise<{ events: StreamEvent[]; next: (pred: (e: StreamEvent) => boolean, ms?: number) => Promise<StreamEvent>; close: () => void; status: number; ended: Promise<void> }> {
  if (!server.listening) await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' } }, (res: IncomingMessage) => {
      const events: StreamEvent[] = [];
      const listeners: (() => void)[] = [];
      let buffer = '';
      res.setEncoding('utf8');
      const ended = new Promise<void>((done) => {
        res.on('end', done);
        res.on('close', done);
      });
      ended.catch(() => undefined);
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (data) events.push({ event, data: JSON.parse(data) as Record<string, unknown> });
          listeners.forEach((l) => l());
        }
      });
      resolve({
        events,
        status: res.statusCode ?? 0,
        ended,
        close: () => req.destroy(),
        next: (pred, ms = 5000) =>
          new Promise((found, failed) => {
            const timer = setTimeout(() => failed(new Error(`no matching event in ${ms} ms; got ${JSON.stringify(events)}`)), ms);
            const check = () => {
              const hit = events.find(pred);
              if (hit) {
                clearTimeout(timer);
                found(hit);
              }
            };
            listeners.push(check);
            check();
          }),
      });
    });
    req.on('error', (error) => (req.destroyed ? undefined : reject(error)));
    req.end();
  });
}

describe('the live capacity stream', () => {
  let a: TestApi;
  let b: TestApi;
  let provider: string;
  let guardian: string;
  const offerings: Record<string, { id: string; version: number }> = {};

  beforeAll(async () => {
    // account check every half second so that the deactivation test is quick
    a = await startTestApi({ streams: { perUser: 3, perAddress: 10, total: 1000, accountCheckMs: 500 } });
    b = await startTestApi({}, a);
    provider = await a.tokenFor('provider_staff');
    guardian = await a.tokenFor('guardian');
    await request(a.http).put('/api/providers/me').set('Authorization', `Bearer ${provider}`).send({ name: 'De Linde' }).expect(200);
    for (const [key, municipalityCode] of [['utrecht', 'GM0344'], ['groningen', 'GM0014']] as const) {
      const location = await request(a.http).post('/api/locations').set('Authorization', `Bearer ${provider}`).send({ name: key, city: key, municipalityCode }).expect(201);
      const offering = await request(a.http)
        .post('/api/offerings')
        .set('Authorization', `Bearer ${provider}`)
        .send({ locationId: location.body.id, name: `Pleegzorg ${key}`, categoryCode: '43', setting: 'foster_care', specialismCodes: [], minAge: 0, maxAge: 18, contractedRegionCodes: [], totalPlaces: 3, freePlaces: 1 })
        .expect(201);
      offerings[key] = offering.body;
    }
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  it('delivers a change made behind one api process to a client of another, filtered by region', async () => {
    const stream = await openStream(b.http, '/api/social-map/stream?region=JZ22', guardian);
    expect(stream.status).toBe(200);
    try {
      await request(a.http).put(`/api/offerings/${offerings.groningen!.id}/capacity`).set('Authorization', `Bearer ${provider}`).send({ totalPlaces: 3, freePlaces: 0, waitWeeks: 4, version: offerings.groningen!.version }).expect(200);
      await request(a.http).put(`/api/offerings/${offerings.utrecht!.id}/capacity`).set('Authorization', `Bearer ${provider}`).send({ totalPlaces: 3, freePlaces: 2, waitWeeks: 0, version: offerings.utrecht!.version }).expect(200);
      const event = await stream.next((e) => e.event === 'capacity');
      expect(event.data).toMatchObject({ offeringId: offerings.utrecht!.id, regionCode: 'JZ22', categoryCode: '43', freePlaces: 2, totalPlaces: 3, waitWeeks: 0 });
      expect(stream.events.filter((e) => e.event === 'capacity').map((e) => e.data.offeringId)).toEqual([offerings.utrecht!.id]);
      expect(Object.keys(event.data).sort()).toEqual(['active', 'at', 'categoryCode', 'freePlaces', 'municipalityCode', 'offeringId', 'providerId', 'regionCode', 'setting', 'totalPlaces', 'waitWeeks']);
    } finally {
      stream.close();
    }
  });

  it('streams holds too', async () => {
    const stream = await openStream(a.http, '/api/social-map/stream?category=43', guardian);
    try {
      // a hold names the open case it is for (or a proposal)
      const opened = await request(b.http)
        .post('/api/cases')
        .set('Authorization', `Bearer ${guardian}`)
        .send({ child: { givenNames: 'Lotte', familyName: 'Stroom', bsn: '111222333', dateOfBirth: '2013-05-01', homeMunicipalityCode: 'GM0344' }, measure: { kind: 'supervision_order', rulingDate: '2026-11-02' } })
        .expect(201);
      await request(b.http).post(`/api/offerings/${offerings.utrecht!.id}/holds`).set('Authorization', `Bearer ${guardian}`).send({ measureId: opened.body.id }).expect(201);
      const event = await stream.next((e) => e.event === 'capacity' && e.data.offeringId === offerings.utrecht!.id);
      expect(event.data.freePlaces).toBe(1);
    } finally {
      stream.close();
    }
  });

  it('announces nothing of a change whose transaction rolls back', async () => {
    const stream = await openStream(a.http, '/api/social-map/stream', guardian);
    try {
      // the transaction must fail with our own error and no other: an error inside announceCapacity
      // would roll back too and pass this test for the wrong reason
      const rollBack = new Error('roll back on purpose');
      await expect(
        a.dataSource.transaction(async (manager) => {
          await announceCapacity(manager, [offerings.utrecht!.id]);
          throw rollBack;
        }),
      ).rejects.toBe(rollBack);
      await request(a.http).post(`/api/offerings/${offerings.groningen!.id}/capacity/confirm`).set('Authorization', `Bearer ${provider}`).expect(200);
      await stream.next((e) => e.event === 'capacity' && e.data.offeringId === offerings.groningen!.id);
      expect(stream.events.filter((e) => e.data.offeringId === offerings.utrecht!.id)).toEqual([]);
    } finally {
      stream.close();
    }
  });

  it('refuses unknown filters with 400 and anonymous clients with 401', async () => {
    const bad = await request(a.http).get('/api/social-map/stream?region=JZ99').set('Authorization', `Bearer ${guardian}`).expect(400);
    expect(bad.body.error.details.fields[0].field).toBe('region[0]');
    await request(a.http).get('/api/social-map/stream?category=abc').set('Authorization', `Bearer ${guardian}`).expect(400);
    await request(a.http).get('/api/social-map/stream').expect(401);
  });

  it('ends a stream with an end event when its token expires, and closes it', async () => {
    const account = DEMO_ACCOUNTS.find((d) => d.role === 'guardian')!;
    const [user] = (await a.dataSource.query(`SELECT u.id, u.organisation_id, o.kind FROM identity."user" u JOIN identity.organisation o ON o.id = u.organisation_id WHERE u.email = $1`, [account.email])) as { id: string; organisation_id: string; kind: string }[];
    // a token of a live session (signed in as usual), issued for 3 seconds only
    const { sid } = claimsOf((await request(a.http).post('/api/auth/login').send({ email: account.email, password: DEMO_PASSWORD }).expect(200)).body.accessToken);
    const shortLived = new TokenService({ ...a.config, jwt: { ...a.config.jwt, ttlSeconds: 3 } });
    const { accessToken } = await shortLived.issue({ sub: user!.id, role: 'guardian', org: user!.organisation_id, orgKind: user!.kind as never, sid: sid as string });
    const exp = (claimsOf(accessToken).exp as number) * 1000;
    const stream = await openStream(a.http, '/api/social-map/stream', accessToken);
    try {
      expect(stream.status).toBe(200);
      const end = await stream.next((e) => e.event === 'end', 6000);
      expect(end.data).toEqual({ reason: 'token_expired' });
      expect(Date.now()).toBeGreaterThanOrEqual(exp - 50);
      await stream.ended;
    } finally {
      stream.close();
    }
  });

  it('lets one user have 3 streams open, refuses the 4th with 429, Retry-After and the uniform body, and frees a slot when one closes', async () => {
    const open = [];
    try {
      for (let i = 0; i < 3; i++) {
        const stream = await openStream(a.http, '/api/social-map/stream', guardian);
        expect(stream.status).toBe(200);
        open.push(stream);
      }
      const refused = await request(a.http).get('/api/social-map/stream').set('Authorization', `Bearer ${guardian}`).expect(429);
      expect(refused.body).toEqual({ error: { code: 'too_many_requests', message: expect.any(String), details: { retryAfterSeconds: expect.any(Number) } }, correlationId: expect.any(String) });
      expect(refused.headers['retry-after']).toMatch(/^\d+$/);
      // the other process counts its own streams
      const elsewhere = await openStream(b.http, '/api/social-map/stream', guardian);
      expect(elsewhere.status).toBe(200);
      elsewhere.close();
      open.shift()!.close();
      let again = await openStream(a.http, '/api/social-map/stream', guardian);
      for (let i = 0; again.status === 429 && i < 50; i++) {
        again.close();
        await new Promise((done) => setTimeout(done, 20));
        again = await openStream(a.http, '/api/social-map/stream', guardian);
      }
      open.push(again);
      expect(again.status).toBe(200);
    } finally {
      open.forEach((s) => s.close());
    }
  });

  it('ends the streams of an account that is deactivated within the check interval', async () => {
    // an account of its own: the other tests go on using the guardian's
    const officer = await a.tokenFor('region_officer');
    const stream = await openStream(a.http, '/api/social-map/stream', officer);
    try {
      expect(stream.status).toBe(200);
      await a.dataSource.query(`UPDATE identity."user" SET active = false WHERE email = $1`, [DEMO_ACCOUNTS.find((d) => d.role === 'region_officer')!.email]);
      const end = await stream.next((e) => e.event === 'end', 3000);
      expect(end.data).toEqual({ reason: 'account_inactive' });
      await stream.ended;
    } finally {
      stream.close();
      await a.dataSource.query(`UPDATE identity."user" SET active = true WHERE email = $1`, [DEMO_ACCOUNTS.find((d) => d.role === 'region_officer')!.email]);
    }
  });

  it('ends a stream at once when its session is signed out in the same process, and leaves the same user\'s other session streaming', async () => {
    const account = DEMO_ACCOUNTS.find((d) => d.role === 'expert_member')!;
    const signIn = async () => (await request(a.http).post('/api/auth/login').send({ email: account.email, password: DEMO_PASSWORD }).expect(200)).body.accessToken as string;
    const [leaving, staying] = [await signIn(), await signIn()];
    const ending = await openStream(a.http, '/api/social-map/stream', leaving);
    const going = await openStream(a.http, '/api/social-map/stream', staying);
    try {
      expect([ending.status, going.status]).toEqual([200, 200]);
      await request(a.http).post('/api/auth/logout').set('Authorization', `Bearer ${leaving}`).expect(204);
      // (that it needs no periodic check is shown in stream-registry.spec.ts; here the check runs every half second anyway)
      const end = await ending.next((e) => e.event === 'end', 3000);
      expect(end.data).toEqual({ reason: 'session_ended' });
      await ending.ended;
      expect(going.events.filter((e) => e.event === 'end')).toEqual([]);
      await request(a.http).get('/api/auth/me').set('Authorization', `Bearer ${staying}`).expect(200);
    } finally {
      ending.close();
      going.close();
    }
  });

  it('ends a stream at the next check when its session is revoked by another api process', async () => {
    const account = DEMO_ACCOUNTS.find((d) => d.role === 'provider_staff')!;
    const token = (await request(a.http).post('/api/auth/login').send({ email: account.email, password: DEMO_PASSWORD }).expect(200)).body.accessToken as string;
    const stream = await openStream(a.http, '/api/social-map/stream', token);
    try {
      expect(stream.status).toBe(200);
      await request(b.http).post('/api/auth/logout').set('Authorization', `Bearer ${token}`).expect(204);
      const end = await stream.next((e) => e.event === 'end', 3000);
      expect(end.data).toEqual({ reason: 'session_ended' });
      await stream.ended;
    } finally {
      stream.close();
    }
  });

  it('ends its streams with an end event when the api process shuts down', async () => {
    const c = await startTestApi({}, a);
    const stream = await openStream(c.http, '/api/social-map/stream', guardian);
    expect(stream.status).toBe(200);
    const t0 = Date.now();
    const closing = c.close();
    const end = await stream.next((e) => e.event === 'end', 3000);
    expect(end.data).toEqual({ reason: 'shutdown' });
    await stream.ended;
    await closing;
    // the server does not wait for the client's keep-alive to run out (5 s) before it closes
    expect(Date.now() - t0).toBeLessThan(2000);
  });
});
