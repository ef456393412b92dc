import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { hashPassword } from '@passend/identity';
import request from 'supertest';
import { startTestApi, type TestApi } from './support/test-api.js';

/**
 * Homes are private (DOMAIN.md): a location that houses a family home or a foster family shows
 * nobody but its own provider more than its municipality, whatever else is offered there and
 * whichever route asks.
 */
describe('private homes: a family home\'s address stays with its provider', () => {
  let api: TestApi;
  let provider: string;
  let otherProvider: string;
  let guardian: string;
  let locationId: string;
  let residentialId: string;
  let familyHomeId: string;
  let centre: { latitude: number; longitude: number };
  const as = (token: string) => ({ Authorization: `Bearer ${token}` });
  const HOUSE = /Gezinshuis Jansen|Kastanjelaan 9|3584 AB|52\.0861|5\.1437/;

  async function user(kind: string, name: string, role: string): Promise<string> {
    const [org] = await api.dataSource.query(`INSERT INTO identity.organisation (kind, name, region_code, synthetic) VALUES ($1, $2, 'JZ22', true) RETURNING id`, [kind, name]);
    const email = `${name.toLowerCase().replace(/[^a-z]+/g, '-')}@test.passend.nl`;
    await api.dataSource.query(`INSERT INTO identity."user" (organisation_id, email, display_name, role, password_hash) VALUES ($1, $2, $3, $4, $5)`, [org.id, email, name, role, await hashPassword('test-wachtwoord-1')]);
    const res = await request(api.http).post('/api/auth/login').send({ email, password: 'test-wachtwoord-1' }).expect(200);
    return res.body.accessToken as string;
  }

  beforeAll(async () => {
    api = await startTestApi();
    [provider, guardian] = await Promise.all([api.tokenFor('provider_staff'), api.tokenFor('guardian')]);
    otherProvider = await user('provider', 'Zorgaanbieder Elders', 'provider_staff');
    await request(api.http).put('/api/providers/me').set(as(provider)).send({ name: 'Zorgaanbieder De Linde' }).expect(200);
    const location = await request(api.http)
      .post('/api/locations')
      .set(as(provider))
      .send({ name: 'Gezinshuis Jansen', street: 'Kastanjelaan 9', postcode: '3584 AB', city: 'Utrecht', municipalityCode: 'GM0344', latitude: 52.0861, longitude: 5.1437 })
      .expect(201);
    locationId = location.body.id as string;
    const offering = (name: string, setting: string) =>
      request(api.http)
        .post('/api/offerings')
        .set(as(provider))
        .send({ locationId, name, categoryCode: '43', setting, specialismCodes: ['trauma_treatment'], minAge: 4, maxAge: 17, contractedRegionCodes: ['JZ22'], totalPlaces: 4, freePlaces: 1 })
        .expect(201);
    residentialId = (await offering('Behandelgroep Kastanje', 'residential')).body.id as string;
    familyHomeId = (await offering('Gezinshuis', 'family_home')).body.id as string;
    centre = ((await api.dataSource.query(`SELECT latitude, longitude FROM reference.municipality WHERE code = 'GM0344'`)) as { latitude: number; longitude: number }[])[0]!;
  });
  afterAll(async () => {
    await api?.close();
  });

  const withheld = () => ({ id: locationId, name: 'Utrecht', street: null, postcode: null, city: 'Utrecht', municipalityCode: 'GM0344', regionCode: 'JZ22', latitude: centre.latitude, longitude: centre.longitude, addressWithheld: true });

  it('shows another provider\'s staff and a guardian only the municipality, through the location and through every offering at it', async () => {
    for (const token of [otherProvider, guardian]) {
      const location = await request(api.http).get(`/api/locations/${locationId}`).set(as(token)).expect(200);
      expect(location.body).toMatchObject(withheld());
      expect(JSON.stringify(location.body)).not.toMatch(HOUSE);
      for (const id of [residentialId, familyHomeId]) {
        const offering = await request(api.http).get(`/api/offerings/${id}`).set(as(token)).expect(200);
        expect(offering.body.location).toMatchObject(withheld());
        expect(JSON.stringify(offering.body)).not.toMatch(HOUSE);
      }
    }
  });

  it('tells the search index that the residential offering moved to the municipality when the family home arrived', async () => {
    const events = (await api.dataSource.query(
      `SELECT payload FROM platform.outbox WHERE job_name = 'social-map.offering-changed' AND payload->'offeringIds' ? $1::text`,
      [familyHomeId],
    )) as { payload: { offeringIds: string[] } }[];
    expect(events.some((e) => e.payload.offeringIds.includes(residentialId))).toBe(true);
  });

  it('shows its own provider everything', async () => {
    const full = { name: 'Gezinshuis Jansen', street: 'Kastanjelaan 9', postcode: '3584 AB', city: 'Utrecht', latitude: 52.0861, longitude: 5.1437, addressWithheld: false };
    expect((await request(api.http).get(`/api/locations/${locationId}`).set(as(provider)).expect(200)).body).toMatchObject(full);
    for (const id of [residentialId, familyHomeId]) {
      expect((await request(api.http).get(`/api/offerings/${id}`).set(as(provider)).expect(200)).body.location).toMatchObject(full);
    }
  });

  /** The HSDS open data (no token) for every service at the location: municipality and its centre only. */
  async function expectWithheldInHsds(serviceIds: string[]): Promise<void> {
    const list = await request(api.http).get('/api/hsds/services?per_page=100').expect(200);
    const listed = (list.body.contents as { id: string }[]).filter((s) => serviceIds.includes(s.id));
    expect(listed.map((s) => s.id).sort()).toEqual([...serviceIds].sort());
    for (const id of serviceIds) {
      const one = await request(api.http).get(`/api/hsds/services/${id}`).expect(200);
      for (const service of [one.body, listed.find((s) => s.id === id)]) {
        expect(service.service_at_locations[0].location).toMatchObject({ id: locationId, name: 'Utrecht', addresses: [], latitude: centre.latitude, longitude: centre.longitude });
        expect(JSON.stringify(service)).not.toMatch(HOUSE);
      }
    }
  }

  it('gives the HSDS export (no token) no street, postcode, name or exact position for any service at the location', async () => {
    await expectWithheldInHsds([residentialId, familyHomeId]);
  });

  it('keeps the address withheld after the family home is taken off the map', async () => {
    await request(api.http).delete(`/api/offerings/${familyHomeId}`).set(as(provider)).expect(200);
    expect((await request(api.http).get(`/api/offerings/${residentialId}`).set(as(guardian)).expect(200)).body.location).toMatchObject(withheld());
    await expectWithheldInHsds([residentialId]);
  });
});
