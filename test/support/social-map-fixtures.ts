import request from 'supertest';
import type { TestApi } from './test-api.js';

/** The demo provider's entry, one location and one offering on it, through the api as a provider keeps them. */
export async function offeringOfDemoProvider(
  api: TestApi,
  location: Record<string, unknown>,
  offering: Record<string, unknown>,
): Promise<{ locationId: string; offeringId: string }> {
  const provider = await api.tokenFor('provider_staff');
  const as = { Authorization: `Bearer ${provider}` };
  await request(api.http).put('/api/providers/me').set(as).send({ name: 'Zorgaanbieder De Linde' }).expect(200);
  const created = await request(api.http).post('/api/locations').set(as).send({ city: 'Utrecht', municipalityCode: 'GM0344', ...location }).expect(201);
  const made = await request(api.http)
    .post('/api/offerings')
    .set(as)
    .send({ locationId: created.body.id, categoryCode: '43', minAge: 4, maxAge: 17, contractedRegionCodes: ['JZ22'], ...offering })
    .expect(201);
  return { locationId: created.body.id as string, offeringId: made.body.id as string };
}
