import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApi, type TestApi } from './support/test-api.js';
import { Ajv, type AnySchema, type ValidateFunction } from 'ajv';
import * as ajvFormats from 'ajv-formats';
import type { FormatsPlugin } from 'ajv-formats';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import request from 'supertest';
import { DataSource } from 'typeorm';

/** The official Open Referral HSDS 3.1 JSON schemas (and openapi.json for the Page shape). */
const SCHEMA_DIR = process.env.HSDS_SCHEMA_DIR ?? fileURLToPath(new URL('./support/hsds-3.1/schema', import.meta.url));
const SCHEMA_BASE = 'https://raw.githubusercontent.com/openreferral/specification/3.1/schema/';

const uniform = (code: string) => ({ error: expect.objectContaining({ code, message: expect.any(String) }), correlationId: expect.any(String) });
const fieldsOf = (body: { error: { details?: { fields?: { field: string }[] } } }): string[] => (body.error.details?.fields ?? []).map((f) => f.field);

/**
 * Ajv over the official schema files: each registered under its file name so their relative
 * `$ref`s ("url.json", "taxonomy_term.json") resolve. The files carry non-JSON-Schema keys
 * (`name`, `constraints`, `core`, `example`): strict mode off. No `$schema`: draft-07 Ajv.
 */
function hsdsValidators() {
  const addFormats = ((ajvFormats as unknown as { default?: FormatsPlugin }).default ?? ajvFormats) as unknown as FormatsPlugin;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const files = readdirSync(SCHEMA_DIR).filter((f) => f.endsWith('.json') && f !== 'openapi.json');
  for (const file of files) {
    const schema = JSON.parse(readFileSync(join(SCHEMA_DIR, file), 'utf8')) as Record<string, unknown>;
    // draft-07 Ajv is right only while the files name no other draft (2020-12 would need ajv/dist/2020)
    if (schema.$schema !== undefined) throw new Error(`${file} names ${String(schema.$schema)}: use the matching Ajv class`);
    ajv.addSchema({ ...schema, $id: `${SCHEMA_BASE}${file}` });
  }
  const openapi = JSON.parse(readFileSync(join(SCHEMA_DIR, 'openapi.json'), 'utf8')) as { components: { schemas: { Page: { properties: Record<string, unknown> } } } };
  const page = openapi.components.schemas.Page;
  const pageOf = (item: string): AnySchema => ({
    ...page,
    required: [...Object.keys(page.properties), 'contents'],
    properties: { ...page.properties, contents: { type: 'array', items: { $ref: `${SCHEMA_BASE}${item}` } } },
  });
  const organizationWithServices: AnySchema = {
    allOf: [{ $ref: `${SCHEMA_BASE}organization.json` }],
    // the HSDS API's organization view lists its services (compiled/organization.json)
    required: ['services'],
    properties: { services: { type: 'array', items: { $ref: `${SCHEMA_BASE}service.json` } } },
  };
  const compile = (schema: AnySchema | string): ValidateFunction => (typeof schema === 'string' ? ajv.getSchema(`${SCHEMA_BASE}${schema}`)! : ajv.compile(schema));
  return {
    files,
    service: compile('service.json'),
    organization: compile(organizationWithServices),
    servicePage: compile(pageOf('service.json')),
    organizationPage: compile(pageOf('organization.json')),
  };
}

/** Fails with Ajv's own words, so a schema violation says which property broke it. */
function expectValid(validate: ValidateFunction, body: unknown): void {
  const ok = validate(body);
  expect(ok ? [] : validate.errors).toEqual([]);
}

/** Every property name anywhere in a JSON value. */
function keysOf(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => keysOf(v, into));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      into.add(k);
      keysOf(v, into);
    }
  }
  return into;
}

const CONFIRMED_AT = '2025-06-02T08:30:00.000Z';

interface Fixture {
  providerId: string;
  bareProviderId: string;
  residentialId: string;
  familyHomeId: string;
  inactiveId: string;
  userId: string;
  holderRef: string;
}

/** Two providers (one with KvK, website, e-mail, phone; one bare), two locations in Utrecht, two active offerings and an inactive one. */
async function insertFixture(dataSource: DataSource): Promise<Fixture> {
  const q = (sql: string, params: unknown[] = []) => dataSource.query(sql, params) as Promise<{ id: string }[]>;
  const [providerId, bareProviderId, residentialId, familyHomeId, inactiveId] = [randomUUID(), randomUUID(), randomUUID(), randomUUID(), randomUUID()] as [string, string, string, string, string];
  const userId = (await q(`SELECT id FROM identity."user" ORDER BY email LIMIT 1`))[0]!.id;
  const holderRef = `case:${randomUUID()}`;
  await q(`INSERT INTO identity.organisation (id, kind, name, region_code) VALUES ($1, 'provider', 'Jeugdhulp De Linde', 'JZ22'), ($2, 'provider', 'Aanbieder Zonder Gegevens', 'JZ22')`, [providerId, bareProviderId]);
  await q(
    `INSERT INTO social_map.provider (id, name, description, website, email, phone, kvk_number) VALUES
       ($1, 'Jeugdhulp De Linde', 'Jeugdhulp met en zonder verblijf in Utrecht', 'https://www.delinde.example.nl', 'info@delinde.example.nl', '030 123 45 67', '12345678'),
       ($2, 'Aanbieder Zonder Gegevens', '', NULL, NULL, NULL, NULL)`,
    [providerId, bareProviderId],
  );
  const [institution] = await q(
    `INSERT INTO social_map.location (provider_id, name, street, postcode, city, municipality_code, latitude, longitude)
     VALUES ($1, 'Locatie Oudwijk', 'Oudwijk 12', '3581 JK', 'Utrecht', 'GM0344', 52.0907, 5.1214) RETURNING id`,
    [providerId],
  );
  const [home] = await q(
    `INSERT INTO social_map.location (provider_id, name, street, postcode, city, municipality_code, latitude, longitude)
     VALUES ($1, 'Gezinshuis Utrecht-Oost', 'Kastanjelaan 7', '3584 AB', 'Utrecht', 'GM0344', 52.0861, 5.1437) RETURNING id`,
    [providerId],
  );
  const offering = `INSERT INTO social_map.offering (id, provider_id, location_id, name, category_code, setting, min_age, max_age, description_nl,
      total_places, free_places, wait_weeks, capacity_confirmed_at, capacity_confirmed_by, active) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`;
  await q(offering, [residentialId, providerId, institution!.id, 'Behandelgroep De Linde', '43', 'residential', 4, 17.5, 'Verblijf met behandeling voor jongeren', 6, 1, 0, CONFIRMED_AT, userId, true]);
  await q(offering, [familyHomeId, providerId, home!.id, 'Gezinshuis De Linde', '44', 'family_home', 0, 18, 'Wonen in een gezin', 4, 0, 6, CONFIRMED_AT, userId, true]);
  await q(offering, [inactiveId, providerId, institution!.id, 'Oude Groep De Linde', '43', 'residential', 12, 18, 'Gestopt', 8, 8, 0, CONFIRMED_AT, userId, false]);
  await q(
    `INSERT INTO social_map.offering_specialism (offering_id, specialism_code) VALUES
       ($1, 'trauma_treatment'), ($1, 'youth_mental_health'), ($2, 'family_home_care'), ($3, 'trauma_treatment')`,
    [residentialId, familyHomeId, inactiveId],
  );
  await q(`INSERT INTO social_map.offering_contract (offering_id, region_code) VALUES ($1, 'JZ22'), ($2, 'JZ22'), ($3, 'JZ22')`, [residentialId, familyHomeId, inactiveId]);
  // data about people that lives beside the directory and must never reach it
  await q(
    `INSERT INTO social_map.hold (offering_id, holder_ref, expires_at, created_by, created_by_organisation) VALUES ($1, $2, now() + interval '1 day', $3, $4)`,
    [residentialId, holderRef, userId, providerId],
  );
  await q(
    `INSERT INTO social_map.capacity_event (offering_id, actor_user_id, kind, new_total, new_free, new_wait, reason) VALUES ($1, $2, 'updated', 6, 1, 0, 'temporary_closure')`,
    [residentialId, userId],
  );
  return { providerId, bareProviderId, residentialId, familyHomeId, inactiveId, userId, holderRef };
}

describe('the social map as Open Referral HSDS 3.1', () => {
  let api: TestApi;
  let fixture: Fixture;
  const schemas = hsdsValidators();
  const responses: unknown[] = [];
  /** Every call goes without a token; each 200 body is kept for the personal-data check. */
  const get = async (path: string, status = 200) => {
    const res = await request(api.http).get(path).expect(status);
    if (status === 200) responses.push(res.body);
    return res;
  };

  beforeAll(async () => {
    api = await startTestApi();
    fixture = await insertFixture(api.dataSource);
  });
  afterAll(async () => {
    await api?.close();
  });

  it('loads the official schema files, and they catch violations down the $refs', () => {
    expect(schemas.files).toEqual(expect.arrayContaining(['service.json', 'organization.json', 'service_capacity.json', 'unit.json', 'taxonomy_term.json', 'location.json', 'service_at_location.json']));
    const id = randomUUID();
    expect(schemas.service({ id, name: 'x', status: 'active' })).toBe(true);
    expect(schemas.service({ id, name: 'x', status: 'open' })).toBe(false);
    expect(schemas.service({ id, name: 'x', status: 'active', capacities: [{ id, available: 1, updated: CONFIRMED_AT }] })).toBe(false); // no unit
    expect(schemas.service({ id, name: 'x', status: 'active', capacities: [{ id, unit: { id, name: 'places' }, available: 1, updated: 'gisteren' }] })).toBe(false);
    expect(schemas.service({ id, name: 'x', status: 'active', attributes: [{ id, taxonomy_term: { id, name: 'x' } }] })).toBe(false); // term without description
    expect(schemas.service({ id, name: 'x', status: 'active', service_at_locations: [{ id, location: { id, location_type: 'physical', addresses: [{ id, city: 'Utrecht' }] } }] })).toBe(false);
    expect(schemas.servicePage({ total_items: 0, contents: [] })).toBe(false); // the Page fields are all there
  });

  describe('services', () => {
    it('lists the active offerings as an HSDS page, ordered by id, without the inactive one', async () => {
      const { body } = await get('/api/hsds/services');
      expectValid(schemas.servicePage, body);
      expect(body).toMatchObject({ total_items: 2, total_pages: 1, page_number: 1, size: 2, first_page: true, last_page: true, empty: false });
      expect(body.contents.map((s: { id: string }) => s.id)).toEqual([fixture.residentialId, fixture.familyHomeId].sort());
      expect(JSON.stringify(body)).not.toContain(fixture.inactiveId);
      body.contents.forEach((service: unknown) => expectValid(schemas.service, service));
    });

    it('pages with per_page: page 2 of 2 holds the second service; past the end is empty', async () => {
      const [first, second] = [fixture.residentialId, fixture.familyHomeId].sort();
      const one = (await get('/api/hsds/services?page=1&per_page=1')).body;
      const two = (await get('/api/hsds/services?page=2&per_page=1')).body;
      expectValid(schemas.servicePage, two);
      expect(one).toMatchObject({ total_items: 2, total_pages: 2, page_number: 1, size: 1, first_page: true, last_page: false, empty: false });
      expect(two).toMatchObject({ total_items: 2, total_pages: 2, page_number: 2, size: 1, first_page: false, last_page: true, empty: false });
      expect(one.contents.map((s: { id: string }) => s.id)).toEqual([first]);
      expect(two.contents.map((s: { id: string }) => s.id)).toEqual([second]);
      const past = (await get('/api/hsds/services?page=3&per_page=1')).body;
      expectValid(schemas.servicePage, past);
      expect(past).toEqual({ total_items: 2, total_pages: 2, page_number: 3, size: 0, first_page: false, last_page: true, empty: true, contents: [] });
    });

    it('gives one service with capacity in places, the JZ020 term, specialisms, the contracted region and the location', async () => {
      const { body } = await get(`/api/hsds/services/${fixture.residentialId}`);
      expectValid(schemas.service, body);
      expect(body).toMatchObject({
        id: fixture.residentialId,
        organization_id: fixture.providerId,
        name: 'Behandelgroep De Linde',
        description: 'Verblijf met behandeling voor jongeren',
        status: 'active',
        wait_time: 'Direct plaats',
        eligibility_description: 'Leeftijd 4 tot 17,5 jaar',
        minimum_age: 4,
        maximum_age: 17.5,
      });
      expect(body.capacities).toEqual([
        {
          id: expect.any(String),
          service_id: fixture.residentialId,
          unit_id: body.capacities[0].unit.id,
          unit: { id: expect.any(String), name: 'places', scheme: 'Passend', identifier: 'places' },
          available: 1,
          maximum: 6,
          description: expect.any(String),
          updated: CONFIRMED_AT,
        },
      ]);
      const terms = body.attributes.map((a: { link_type: string; link_id: string; taxonomy_term: { taxonomy: string; code: string; name: string } }) => [a.link_id, a.link_type, a.taxonomy_term.taxonomy, a.taxonomy_term.code, a.taxonomy_term.name]);
      expect(terms).toEqual([
        [fixture.residentialId, 'category', 'iJw JZ020', '43', 'Jeugdhulp verblijf (incl. behandeling)'],
        [fixture.residentialId, 'setting', 'Passend zorgvorm', 'residential', 'Residentieel'],
        [fixture.residentialId, 'specialism', 'Passend specialismen', 'trauma_treatment', 'Traumabehandeling'],
        [fixture.residentialId, 'specialism', 'Passend specialismen', 'youth_mental_health', 'Jeugd-ggz'],
      ]);
      expect(body.service_areas).toEqual([
        { id: expect.any(String), service_id: fixture.residentialId, name: 'Utrecht Stad (JZ22)', description: expect.stringContaining('JZ22'), extent: 'Utrecht', extent_type: 'text' },
      ]);
      expect(body.service_at_locations).toHaveLength(1);
      expect(body.service_at_locations[0].location).toMatchObject({
        location_type: 'physical',
        organization_id: fixture.providerId,
        name: 'Locatie Oudwijk',
        latitude: 52.0907,
        longitude: 5.1214,
        external_identifier: 'GM0344',
        addresses: [{ id: expect.any(String), address_1: 'Oudwijk 12', city: 'Utrecht', state_province: 'Utrecht', postal_code: '3581 JK', country: 'NL', address_type: 'physical' }],
      });
    });

    it('gives the wait of a full offering and withholds a family home\'s address (municipality centre only)', async () => {
      const { body } = await get(`/api/hsds/services/${fixture.familyHomeId}`);
      expectValid(schemas.service, body);
      expect(body.wait_time).toBe('Wachttijd 6 weken');
      expect(body.capacities[0]).toMatchObject({ available: 0, maximum: 4, updated: CONFIRMED_AT });
      expect(body.attributes[0].taxonomy_term).toMatchObject({ taxonomy: 'iJw JZ020', code: '44', name: 'Jeugdhulp verblijf (excl. behandeling)' });
      const centre = ((await api.dataSource.query(`SELECT latitude, longitude FROM reference.municipality WHERE code = 'GM0344'`)) as { latitude: number; longitude: number }[])[0]!;
      expect(body.service_at_locations[0].location).toMatchObject({ addresses: [], latitude: centre.latitude, longitude: centre.longitude });
      expect(JSON.stringify(body)).not.toMatch(/Kastanjelaan|Utrecht-Oost|3584 AB|52\.0861|5\.1437/);
    });

    it('answers an inactive or unknown service with the uniform 404, and a non-UUID id with 400', async () => {
      expect((await get(`/api/hsds/services/${fixture.inactiveId}`, 404)).body).toEqual(uniform('not_found'));
      expect((await get(`/api/hsds/services/${randomUUID()}`, 404)).body).toEqual(uniform('not_found'));
      const bad = await get('/api/hsds/services/not-a-uuid', 400);
      expect(bad.body).toEqual(uniform('validation_failed'));
      expect(fieldsOf(bad.body)).toEqual(['id']);
    });

    it('loads a page in the same number of queries whatever its size (no N+1)', async () => {
      const queries = async (path: string) => {
        const original = api.dataSource.query.bind(api.dataSource);
        let count = 0;
        api.dataSource.query = ((...args: Parameters<DataSource['query']>) => {
          count++;
          return original(...args);
        }) as DataSource['query'];
        try {
          await get(path);
        } finally {
          api.dataSource.query = original;
        }
        return count;
      };
      const one = await queries('/api/hsds/services?per_page=1');
      expect(await queries('/api/hsds/services?per_page=2')).toBe(one);
      expect(one).toBeLessThanOrEqual(3);
    });
  });

  describe('organizations', () => {
    it('lists the providers as an HSDS page, ordered by name', async () => {
      const { body } = await get('/api/hsds/organizations');
      expectValid(schemas.organizationPage, body);
      expect(body).toMatchObject({ total_items: 2, total_pages: 1, page_number: 1, size: 2, first_page: true, last_page: true, empty: false });
      expect(body.contents.map((o: { name: string }) => o.name)).toEqual(['Aanbieder Zonder Gegevens', 'Jeugdhulp De Linde']);
      // a provider that filled in nothing: no empty strings or nulls where HSDS wants a URI or an e-mail address
      expect(body.contents[0]).toEqual({ id: fixture.bareProviderId, name: 'Aanbieder Zonder Gegevens', description: '', phones: [], organization_identifiers: [] });
    });

    it('pages organizations: page 2 with per_page 1', async () => {
      const { body } = await get('/api/hsds/organizations?page=2&per_page=1');
      expectValid(schemas.organizationPage, body);
      expect(body).toMatchObject({ total_items: 2, total_pages: 2, page_number: 2, size: 1, first_page: false, last_page: true, empty: false });
      expect(body.contents.map((o: { id: string }) => o.id)).toEqual([fixture.providerId]);
    });

    it('gives one provider with its general contacts, KvK number and active services', async () => {
      const { body } = await get(`/api/hsds/organizations/${fixture.providerId}`);
      expectValid(schemas.organization, body);
      expect(body).toEqual({
        id: fixture.providerId,
        name: 'Jeugdhulp De Linde',
        description: 'Jeugdhulp met en zonder verblijf in Utrecht',
        website: 'https://www.delinde.example.nl',
        email: 'info@delinde.example.nl',
        phones: [{ id: expect.any(String), organization_id: fixture.providerId, number: '030 123 45 67', type: 'voice', description: expect.any(String) }],
        organization_identifiers: [{ id: expect.any(String), organization_id: fixture.providerId, identifier_scheme: 'NL-KVK', identifier_type: 'KvK-nummer', identifier: '12345678' }],
        services: [
          { id: fixture.residentialId, name: 'Behandelgroep De Linde', status: 'active' },
          { id: fixture.familyHomeId, name: 'Gezinshuis De Linde', status: 'active' },
        ],
      });
    });

    it('answers an unknown provider with 404 and a non-UUID id with 400', async () => {
      expect((await get(`/api/hsds/organizations/${randomUUID()}`, 404)).body).toEqual(uniform('not_found'));
      expect(fieldsOf((await get('/api/hsds/organizations/12', 400)).body)).toEqual(['id']);
    });
  });

  describe('the query', () => {
    it.each(['services', 'organizations'])('answers a bad per_page on %s with 400 naming per_page', async (list) => {
      for (const perPage of ['0', '101', 'x', '1.5', '']) {
        const res = await get(`/api/hsds/${list}?per_page=${perPage}`, 400);
        expect(res.body).toEqual(uniform('validation_failed'));
        expect(fieldsOf(res.body)).toEqual(['per_page']);
      }
    });

    it('answers a bad page with 400 naming page', async () => {
      for (const page of ['0', '-1', 'x']) expect(fieldsOf((await get(`/api/hsds/services?page=${page}`, 400)).body)).toEqual(['page']);
    });

    it('answers an unknown query parameter with 400 naming it', async () => {
      const res = await get('/api/hsds/services?perPage=10', 400);
      expect(res.body).toEqual(uniform('validation_failed'));
      expect(fieldsOf(res.body)).toEqual(['perPage']);
      expect(fieldsOf((await get('/api/hsds/organizations?search=linde', 400)).body)).toEqual(['search']);
    });
  });

  it('needs no token, while the rest of the api does', async () => {
    await request(api.http).get('/api/auth/me').expect(401);
    await request(api.http).get('/api/hsds/services').expect(200);
    await request(api.http).get(`/api/hsds/organizations/${fixture.providerId}`).expect(200);
  });

  it('publishes nothing about users, children or holds (every body of this suite)', () => {
    expect(responses.length).toBeGreaterThan(8);
    const keys = [...keysOf(responses)];
    expect(keys.filter((k) => /confirmed_by|user|actor|holder|hold|created_by|resolved_by|child|client|guardian|bsn|birth|display_name|password|reason/i.test(k))).toEqual([]);
    const text = JSON.stringify(responses);
    expect(text).not.toContain(fixture.userId);
    expect(text).not.toContain(fixture.holderRef);
    expect(text).not.toContain('temporary_closure');
  });
});
