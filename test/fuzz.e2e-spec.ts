import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addDays, todayInAmsterdam } from '@passend/cases/domain';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, hashPassword, Sessions } from '@passend/identity';
import type { OrganisationKind, Role } from '@passend/platform';
import { Ajv, type ValidateFunction } from 'ajv';
import fc from 'fast-check';
import request from 'supertest';
import { changedTables, fingerprint, fingerprintQuery, type Fingerprint } from './support/db-fingerprint.js';
import { applyCase, fuzzCase, type FuzzCase, type WireRequest } from './support/fuzz-request.js';
import { syntheticBsns } from './support/synthetic-bsn.js';
import { startTestApi, type TestApi } from './support/test-api.js';

/**
 * Property-based fuzzing of every write route of the OpenAPI document (POST, PUT, PATCH, DELETE),
 * each as a signed-in actor allowed to use it, so the requests reach validation and the services:
 * bodies of the valid shape with one field broken, random JSON, malformed JSON, oversized bodies,
 * wrong content types, bad path parameters and If-Match headers. For every request:
 *  - never a 5xx;
 *  - a 4xx carries the uniform error body { error: { code, message, details? }, correlationId };
 *  - a refused request writes nothing: every table of the application schemas is as it was
 *    (exact row counts and a hash of every row; see db-fingerprint.ts);
 *  - an accepted one is legitimate: a JSON body that matches the documented schema (no unknown
 *    field, no wrong type), sent as JSON; and nothing is polluted.
 *
 * FUZZ_RUNS (total requests, default a few hundred, `npm run test:fuzz` asks for 10,000),
 * FUZZ_SEED (default fixed), FUZZ_ROUTE (one route, e.g. "POST /api/cases") and FUZZ_PATH (the
 * path fast-check prints for a failure) replay a failure.
 */
const TOTAL_RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const SEED = Number(process.env.FUZZ_SEED ?? 20261207);
const ONLY_ROUTE = process.env.FUZZ_ROUTE;
const REPLAY_PATH = process.env.FUZZ_PATH;

type Actor = 'guardian' | 'provider' | 'admin' | 'expert' | 'anonymous';

interface RouteFixture {
  actor: Actor;
  /** the path parameters of a request that would succeed now */
  params?: () => Promise<Record<string, string>>;
  /** a body that would succeed now */
  body?: () => Promise<unknown> | unknown;
  headers?: () => Promise<Record<string, string>>;
  /** after an accepted request: make what it used up again (a hold released, a proposal accepted) */
  renew?: () => Promise<void>;
  /** tables a refusal writes by design, and why */
  refusalWrites?: { tables: string[]; why: string };
}

interface Tally {
  requests: number;
  byClass: Record<string, number>;
  byStatus: Record<string, number>;
  ms: number;
}

describe('fuzzing every write route', () => {
  let api: TestApi;
  const tokens: Partial<Record<Actor, string>> = {};
  const today = todayInAmsterdam(new Date());
  const nextBsn = syntheticBsns(70_000_000);
  let unique = 0;
  const fx = {} as {
    guardianUserId: string;
    expertUserId: string;
    locationId: string;
    /** the offering whose details and capacity the fuzz changes */
    offeringId: string;
    /** an offering with room for every hold and proposal of the run */
    roomyOfferingId: string;
    deletableOfferingId: string;
    measureId: string;
    needId: string;
    tableId: string;
    memberUserId: string;
    notificationId: string;
    matchingNotificationId: string;
    /** per route: ids that a success uses up */
    perRoute: Map<string, Record<string, string>>;
  };

  const as = (actor: Actor): Record<string, string> => (actor === 'anonymous' ? {} : { Authorization: `Bearer ${tokens[actor]}` });
  const post = async (actor: Actor, path: string, body: unknown, status = 201) => {
    const res = await request(api.http).post(path).set(as(actor)).send(body as object);
    if (res.status !== status) throw new Error(`fixture ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as Record<string, unknown> & { id: string };
  };

  // --- fixtures, through the api like a client would make them ---
  const newOffering = async (body: Record<string, unknown> = {}) =>
    (await post('provider', '/api/offerings', { locationId: fx.locationId, name: `Behandelgroep ${++unique}`, categoryCode: '43', setting: 'residential', specialismCodes: ['trauma_treatment'], minAge: 0, maxAge: 18, contractedRegionCodes: ['JZ22'], totalPlaces: 10, freePlaces: 2, ...body })).id;
  const openCase = async () =>
    (await post('guardian', '/api/cases', { child: { givenNames: 'Fenna', familyName: 'Fuzzkind', bsn: nextBsn(), dateOfBirth: '2013-04-02', homeMunicipalityCode: 'GM0344' }, measure: { kind: 'supervision_order', rulingDate: addDays(today, -30) } })).id;
  const caseWithNeed = async () => {
    const measureId = await openCase();
    const withNeed = await post('guardian', `/api/cases/${measureId}/needs`, { categoryCode: '43', urgency: 'urgent' });
    const needs = withNeed.needs as { id: string }[];
    return { measureId, needId: needs[needs.length - 1]!.id };
  };
  const proposal = async (offerNow: boolean) => {
    const { measureId, needId } = await caseWithNeed();
    const chosen = await post('guardian', `/api/cases/${measureId}/proposals`, { needId, offeringId: fx.roomyOfferingId, passedOverReason: 'other', offerNow });
    return { measureId, needId, proposalId: chosen.proposalId as string };
  };
  const acceptedProposal = async () => {
    const p = await proposal(true);
    await post('provider', `/api/proposals/${p.proposalId}/accept`, { plannedStart: addDays(today, 7) }, 200);
    return p;
  };
  const caseHold = async () => {
    const measureId = await openCase();
    const held = await post('guardian', `/api/offerings/${fx.roomyOfferingId}/holds`, { measureId, ttlHours: 24 });
    return held.holdId as string;
  };
  const caseWithFittingHelp = async () => {
    const { measureId } = await caseWithNeed();
    await post('guardian', `/api/cases/${measureId}/milestones`, { kind: 'fitting_help', metOn: today, offeringId: fx.roomyOfferingId });
    return measureId;
  };
  const referral = async () => {
    const { measureId, needId } = await caseWithNeed();
    const referred = await post('guardian', `/api/cases/${measureId}/referrals`, { needId });
    const [row] = (await api.dataSource.query(`SELECT table_id FROM matching.referral WHERE id = $1`, [referred.referralId])) as { table_id: string }[];
    return { tableId: row!.table_id, referralId: referred.referralId as string };
  };
  const expertUser = async () => {
    const [org] = (await api.dataSource.query(`SELECT organisation_id FROM identity."user" WHERE id = $1`, [fx.expertUserId])) as { organisation_id: string }[];
    const [user] = (await api.dataSource.query(
      `INSERT INTO identity."user" (organisation_id, email, display_name, role, password_hash) VALUES ($1, $2, 'Fuzz Expert', 'expert_member', $3) RETURNING id`,
      [org!.organisation_id, `fuzz-expert-${++unique}@test.passend.nl`, await hashPassword('test-wachtwoord-1')],
    )) as { id: string }[];
    return user!.id;
  };
  /** A sign-in of a spare account of its own, made directly (no password check, so no throttle on this address). */
  const spareSession = async () => {
    const userId = await expertUser();
    const [u] = (await api.dataSource.query(
      `SELECT u.id, u.role, u.organisation_id, o.kind FROM identity."user" u JOIN identity.organisation o ON o.id = u.organisation_id WHERE u.id = $1`,
      [userId],
    )) as { id: string; role: Role; organisation_id: string; kind: OrganisationKind }[];
    return api.app.get(Sessions).start({ userId: u!.id, role: u!.role, organisationId: u!.organisation_id, organisationKind: u!.kind });
  };
  const capacityVersion = async (offeringId: string) =>
    ((await request(api.http).get(`/api/offerings/${offeringId}/capacity`).set(as('provider')).expect(200)).body as { version: number }).version;

  /** The ids a route uses now; a success renews them through `renew`. */
  const current = (route: string, make: () => Promise<Record<string, string>>) => ({
    params: async () => fx.perRoute.get(route) ?? fx.perRoute.set(route, await make()).get(route)!,
    renew: async () => void fx.perRoute.set(route, await make()),
  });

  /** One entry per write route of the OpenAPI document; a route without one fails the run. */
  const FIXTURES: Record<string, RouteFixture> = {
    'POST /api/auth/login': {
      actor: 'anonymous',
      // an account no other route signs in with: its failures back it off (the login route is fuzzed last, see below)
      body: () => ({ email: DEMO_ACCOUNTS.find((a) => a.role === 'region_officer')!.email, password: DEMO_PASSWORD }),
      refusalWrites: { tables: ['identity.login_failure', 'identity.login_backoff'], why: 'a failed sign-in counts towards the throttle and the account backoff' },
    },
    // the session routes: each request with a sign-in of its own (a spare account), so the fuzz never ends the actors' sessions
    'POST /api/auth/refresh': {
      actor: 'anonymous',
      body: async () => ({ refreshToken: (await spareSession()).refreshToken }),
      refusalWrites: { tables: ['identity.login_failure', 'identity.session', 'identity.used_refresh_token'], why: 'a failed refresh counts towards the address throttle; a refresh token used twice revokes its session (theft)' },
    },
    'POST /api/auth/logout': {
      actor: 'anonymous',
      headers: async () => ({ Authorization: `Bearer ${(await spareSession()).accessToken}` }),
      body: () => ({}),
    },
    'POST /api/admin/users/{id}/sessions/revoke': { actor: 'admin', params: async () => ({ id: await expertUser() }), body: () => ({}) },
    'POST /api/admin/users/{id}/deactivate': { actor: 'admin', params: async () => ({ id: await expertUser() }), body: () => ({}) },
    'PUT /api/providers/me': { actor: 'provider', body: () => ({ name: 'Zorgaanbieder De Linde', website: 'https://www.example.nl', kvkNumber: '12345678' }) },
    'POST /api/locations': { actor: 'provider', body: () => ({ name: `Locatie ${++unique}`, street: 'Oudwijk 12', postcode: '3581 JK', city: 'Utrecht', municipalityCode: 'GM0344', latitude: 52.0907, longitude: 5.1214 }) },
    'PATCH /api/locations/{id}': { actor: 'provider', params: async () => ({ id: fx.locationId }), body: () => ({ name: 'Locatie Oudwijk', postcode: '3581 JK', latitude: 52.09, longitude: 5.12 }) },
    'POST /api/offerings': {
      actor: 'provider',
      body: () => ({ locationId: fx.locationId, name: `Aanbod ${++unique}`, categoryCode: '43', setting: 'day_treatment', specialismCodes: ['trauma_treatment'], minAge: 4, maxAge: 17.5, exclusionCriteria: ['arson_history'], contractedRegionCodes: ['JZ22'], totalPlaces: 6, freePlaces: 1, waitWeeks: 4 }),
    },
    'PATCH /api/offerings/{id}': { actor: 'provider', params: async () => ({ id: fx.offeringId }), body: () => ({ name: 'Dagbehandeling', descriptionNl: 'Dagbehandeling voor jongeren.', minAge: 4, maxAge: 17 }) },
    'DELETE /api/offerings/{id}': { actor: 'provider', ...current('DELETE /api/offerings/{id}', async () => ({ id: await newOffering() })) },
    'PUT /api/offerings/{id}/capacity': {
      actor: 'provider',
      params: async () => ({ id: fx.offeringId }),
      headers: async () => ({ 'If-Match': `"${await capacityVersion(fx.offeringId)}"` }),
      body: () => ({ totalPlaces: 8, freePlaces: 2, waitWeeks: 3, status: 'open', reason: 'outflow' }),
    },
    'POST /api/offerings/{id}/capacity/confirm': { actor: 'provider', params: async () => ({ id: fx.offeringId }) },
    'POST /api/offerings/capacity/bulk': { actor: 'provider', body: async () => ({ rows: [{ offeringId: fx.offeringId, totalPlaces: 8, freePlaces: 1, waitWeeks: 2, version: await capacityVersion(fx.offeringId), reason: 'intake' }] }) },
    'POST /api/holds/{id}/release': { actor: 'guardian', ...current('POST /api/holds/{id}/release', async () => ({ id: await caseHold() })) },
    'POST /api/holds/{id}/confirm': { actor: 'guardian', ...current('POST /api/holds/{id}/confirm', async () => ({ id: await caseHold() })) },
    'POST /api/social-map/specialisms': { actor: 'admin', body: () => ({ code: `fuzz_specialism_${++unique}`, labelNl: 'Fuzzspecialisme', labelEn: 'fuzz specialism', synonyms: ['fuzz'] }) },
    'POST /api/cases': {
      actor: 'guardian',
      body: () => ({
        child: { givenNames: 'Noa Emma', familyName: 'de Vries', bsn: nextBsn(), dateOfBirth: '2014-03-09', homeMunicipalityCode: 'GM0344', networkMunicipalityCode: 'GM0307' },
        measure: { kind: 'supervision_order', rulingDate: addDays(today, -10), endDate: addDays(today, 355), urgent: false },
      }),
    },
    'PUT /api/cases/{id}/child': { actor: 'guardian', params: async () => ({ id: fx.measureId }), body: () => ({ givenNames: 'Noa', familyName: 'de Vries', dateOfBirth: '2014-03-09', homeMunicipalityCode: 'GM0344', networkMunicipalityCode: null }) },
    'POST /api/cases/{id}/guardians': {
      actor: 'guardian',
      ...current('POST /api/cases/{id}/guardians', async () => ({ id: await openCase() })),
      body: () => ({ guardianUserId: fx.guardianUserId, kind: 'permanent', fromDate: today }),
    },
    'POST /api/cases/{id}/needs': {
      actor: 'guardian',
      params: async () => ({ id: fx.measureId }),
      body: () => ({ categoryCode: '43', specialismCodes: ['trauma_treatment'], settingConstraints: ['residential'], urgency: 'regular', keepWithSiblings: false, circumstanceCodes: ['arson_history'], maxDistanceKm: 30, notes: 'Wil dicht bij school blijven.' }),
    },
    'POST /api/cases/{id}/milestones': {
      actor: 'guardian',
      ...current('POST /api/cases/{id}/milestones', async () => ({ id: await openCase() })),
      body: () => ({ kind: 'agreed_course', metOn: today, agreedBy: ['child', 'parents'], clientVoice: [{ speaker: 'child', statement: 'Ik wil thuis blijven.' }] }),
    },
    'POST /api/cases/{id}/milestones/fitting_help/experience': {
      actor: 'guardian',
      ...current('POST /api/cases/{id}/milestones/fitting_help/experience', async () => ({ id: await caseWithFittingHelp() })),
      body: () => ({ followUpOn: today, childExperiencesFitting: true, parentsExperienceFitting: null, professionalExplanation: 'De hulp neemt de onveiligheid weg.' }),
    },
    'POST /api/cases/{id}/client-voice': { actor: 'guardian', params: async () => ({ id: fx.measureId }), body: () => ({ speaker: 'parents', statement: 'Wij willen meedenken.', milestone: 'agreed_course' }) },
    'POST /api/cases/{id}/proposals': {
      actor: 'guardian',
      ...current('POST /api/cases/{id}/proposals', async () => {
        const { measureId, needId } = await caseWithNeed();
        return { id: measureId, needId };
      }),
      body: () => ({ needId: fx.perRoute.get('POST /api/cases/{id}/proposals')!.needId, offeringId: fx.roomyOfferingId, passedOverReason: 'other', note: 'Gezin kiest dit.', offerNow: false }),
    },
    'POST /api/proposals/{id}/offer': { actor: 'guardian', ...current('POST /api/proposals/{id}/offer', async () => ({ id: (await proposal(false)).proposalId })), body: () => ({ ttlHours: 72 }) },
    'POST /api/proposals/{id}/withdraw': { actor: 'guardian', ...current('POST /api/proposals/{id}/withdraw', async () => ({ id: (await proposal(true)).proposalId })), body: () => ({ reason: 'family_declined' }) },
    'POST /api/proposals/{id}/start': { actor: 'guardian', ...current('POST /api/proposals/{id}/start', async () => ({ id: (await acceptedProposal()).proposalId })), body: () => ({ startedOn: today }) },
    'POST /api/proposals/{id}/accept': { actor: 'provider', ...current('POST /api/proposals/{id}/accept', async () => ({ id: (await proposal(true)).proposalId })), body: () => ({ plannedStart: addDays(today, 14) }) },
    'POST /api/proposals/{id}/decline': { actor: 'provider', ...current('POST /api/proposals/{id}/decline', async () => ({ id: (await proposal(true)).proposalId })), body: () => ({ reasonCode: 'P1', note: 'Toch geen plek.' }) },
    'POST /api/expert-tables': { actor: 'admin', body: () => ({ name: `Fuzztafel ${++unique}` }) },
    'POST /api/expert-tables/{id}/members': { actor: 'admin', params: async () => ({ id: fx.tableId }), body: async () => ({ userId: await expertUser() }) },
    'DELETE /api/expert-tables/{id}/members/{userId}': {
      actor: 'admin',
      ...current('DELETE /api/expert-tables/{id}/members/{userId}', async () => {
        const userId = await expertUser();
        await post('admin', `/api/expert-tables/${fx.tableId}/members`, { userId });
        return { id: fx.tableId, userId };
      }),
    },
    'POST /api/expert-tables/{id}/referrals/{referralId}/decisions': {
      actor: 'expert',
      ...current('POST /api/expert-tables/{id}/referrals/{referralId}/decisions', async () => {
        const r = await referral();
        return { id: r.tableId, referralId: r.referralId };
      }),
      body: () => ({ kind: 'ask_information', rationale: 'Meer informatie nodig over de school.', familyView: 'Moeder wil eerst met de school praten.' }),
    },
    'POST /api/cases/{id}/referrals': {
      actor: 'guardian',
      ...current('POST /api/cases/{id}/referrals', async () => {
        const { measureId, needId } = await caseWithNeed();
        return { id: measureId, needId };
      }),
      body: () => ({ needId: fx.perRoute.get('POST /api/cases/{id}/referrals')!.needId }),
    },
    'POST /api/matching/runs': { actor: 'admin', body: () => ({ scope: 'region', code: 'JZ22' }) },
    'POST /api/offerings/{id}/holds': {
      actor: 'guardian',
      ...current('POST /api/offerings/{id}/holds', async () => ({ id: fx.roomyOfferingId, measureId: await openCase() })),
      body: () => ({ measureId: fx.perRoute.get('POST /api/offerings/{id}/holds')!.measureId, ttlHours: 12 }),
    },
    'POST /api/matching/notifications/{id}/read': { actor: 'guardian', params: async () => ({ id: fx.matchingNotificationId }) },
    'POST /api/notifications/read-all': { actor: 'guardian' },
    'POST /api/notifications/check': { actor: 'admin' },
    'POST /api/notifications/{id}/read': { actor: 'guardian', params: async () => ({ id: fx.notificationId }) },
  };

  let routes: { key: string; method: string; template: string; hasParams: boolean; bodySchema: ValidateFunction | undefined }[] = [];
  let query: string;
  const tallies = new Map<string, Tally>();
  /** FUZZ_SURVEY=1: note every violation (the first per route and kind) instead of stopping at the first */
  const survey = process.env.FUZZ_SURVEY ? new Map<string, string>() : undefined;
  const violation = (route: string, kind: string, message: string) => {
    if (!survey) throw new Error(message);
    if (!survey.has(`${route} ${kind}`)) survey.set(`${route} ${kind}`, message);
  };
  const started = Date.now();

  beforeAll(async () => {
    // no hold cap: the fixtures hold many places at once
    // the per-address sign-in limit would soon answer every refresh and sign-in 429: the fuzz is about input, not the throttle
    api = await startTestApi({ holds: { defaultHours: 72, maxHours: 168, perUser: 1_000_000, perOrganisation: 1_000_000 }, loginFailuresPerMinute: 100_000 });
    for (const [actor, role] of [['guardian', 'guardian'], ['provider', 'provider_staff'], ['admin', 'admin'], ['expert', 'expert_member']] as const) tokens[actor] = await api.tokenFor(role);
    const ids = (await api.dataSource.query(`SELECT id, email FROM identity."user"`)) as { id: string; email: string }[];
    const idOf = (role: string) => ids.find((u) => u.email === DEMO_ACCOUNTS.find((a) => a.role === role)!.email)!.id;
    Object.assign(fx, { guardianUserId: idOf('guardian'), expertUserId: idOf('expert_member'), perRoute: new Map() });
    await request(api.http).put('/api/providers/me').set(as('provider')).send({ name: 'Zorgaanbieder De Linde' }).expect(200);
    fx.locationId = (await post('provider', '/api/locations', { name: 'Locatie Fuzz', city: 'Utrecht', municipalityCode: 'GM0344', latitude: 52.0889, longitude: 5.1342 })).id;
    fx.offeringId = await newOffering({ setting: 'day_treatment' });
    fx.roomyOfferingId = await newOffering({ name: 'Ruim aanbod', totalPlaces: 10_000, freePlaces: 10_000 });
    const regional = await post('admin', '/api/expert-tables', { name: 'Experttafel Utrecht (fuzz)', regionCode: 'JZ22' });
    await post('admin', `/api/expert-tables/${regional.id}/members`, { userId: fx.expertUserId });
    fx.tableId = (await post('admin', '/api/expert-tables', { name: 'Bovenregionale tafel (fuzz)' })).id;
    ({ measureId: fx.measureId, needId: fx.needId } = await caseWithNeed());
    const [note] = (await api.dataSource.query(
      `INSERT INTO matching.notification (recipient_user_id, kind, proposal_id) VALUES ($1, 'proposal_new', $2) RETURNING id`,
      [fx.guardianUserId, (await proposal(false)).proposalId],
    )) as { id: string }[];
    fx.matchingNotificationId = note!.id;
    const [norm] = (await api.dataSource.query(
      `INSERT INTO cases.notification (recipient_user_id, measure_id, milestone, kind, due_on, created_on) VALUES ($1, $2, 'agreed_course', 'due_soon', $3, $4) RETURNING id`,
      [fx.guardianUserId, fx.measureId, addDays(today, 10), today],
    )) as { id: string }[];
    fx.notificationId = norm!.id;

    const doc = (await request(api.http).get('/api/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: object }> } }>>;
      components: { schemas: Record<string, object> };
    };
    const ajv = new Ajv({ strict: false, allErrors: true });
    ajv.addSchema({ $id: 'passend', components: { schemas: closed(doc.components.schemas) } });
    routes = Object.entries(doc.paths).flatMap(([template, operations]) =>
      Object.entries(operations)
        .filter(([method]) => ['post', 'put', 'patch', 'delete'].includes(method))
        .map(([method, op]) => {
          const schema = op.requestBody?.content['application/json']?.schema as { $ref?: string } | undefined;
          return {
            key: `${method.toUpperCase()} ${template}`,
            method,
            template,
            hasParams: template.includes('{'),
            bodySchema: schema ? ajv.compile(schema.$ref ? { $ref: `passend${schema.$ref}` } : schema) : undefined,
          };
        }),
    );
    query = await fingerprintQuery(api.dataSource);
  }, 120_000);

  afterAll(async () => {
    const all = [...tallies.values()];
    const sum = (f: (t: Tally) => number) => all.reduce((s, t) => s + f(t), 0);
    const classes = all.reduce<Record<string, number>>((acc, t) => {
      for (const [k, n] of Object.entries(t.byClass)) acc[k] = (acc[k] ?? 0) + n;
      return acc;
    }, {});
    const lines = [
      `fuzz: ${sum((t) => t.requests)} requests over ${tallies.size} write routes in ${((Date.now() - started) / 1000).toFixed(1)} s (seed ${SEED}${ONLY_ROUTE ? `, route ${ONLY_ROUTE}` : ''})`,
      `by status class: ${Object.entries(classes).sort().map(([k, n]) => `${k} ${n}`).join(', ')}`,
      ...[...tallies.entries()].map(([route, t]) => `  ${route.padEnd(64)} ${String(t.requests).padStart(5)}  ${Object.entries(t.byStatus).sort().map(([s, n]) => `${s}:${n}`).join(' ')}  ${(t.ms / t.requests).toFixed(1)} ms/request`),
      `replay: FUZZ_SEED=${SEED} FUZZ_RUNS=<runs> FUZZ_ROUTE="<route>" [FUZZ_PATH=<path from the failure>] npm run test:fuzz`,
    ];
    if (survey) lines.push(`survey: ${survey.size} kinds of violation`, ...[...survey.values()].map((m) => `--- ${m}`));
    process.stdout.write(`${lines.join('\n')}\n`);
    await api?.close();
  });

  it('has a fixture for every write route of the OpenAPI document, and none for a route that is gone', () => {
    expect(routes.length).toBeGreaterThan(30);
    expect(routes.map((r) => r.key).filter((k) => !FIXTURES[k])).toEqual([]);
    expect(Object.keys(FIXTURES).filter((k) => !routes.some((r) => r.key === k))).toEqual([]);
  });

  // Counterexamples the fuzz found (shrunk): each was refused, yet its service had logged the access as a
  // success before its own checks failed. The entry is now written last, in the change's transaction.
  const refusals: [string, string, () => string, Actor, () => unknown, number][] = [
    ['POST /api/locations with a longitude but no latitude', 'POST', () => '/api/locations', 'provider', () => ({ name: 'Locatie', city: 'Utrecht', municipalityCode: 'GM0344', longitude: 5.1214 }), 400],
    ['PATCH /api/locations/:id outside the Netherlands', 'PATCH', () => `/api/locations/${fx.locationId}`, 'provider', () => ({ latitude: 52.09, longitude: -972812217 }), 400],
    ['POST /api/offerings with a wait of 521 weeks', 'POST', () => '/api/offerings', 'provider', () => ({ locationId: fx.locationId, name: 'Aanbod', categoryCode: '43', setting: 'day_treatment', specialismCodes: [], minAge: 4, maxAge: 17, contractedRegionCodes: ['JZ22'], totalPlaces: 6, freePlaces: 1, waitWeeks: 521 }), 400],
    ['PATCH /api/offerings/:id with a maxAge of 28', 'PATCH', () => `/api/offerings/${fx.offeringId}`, 'provider', () => ({ maxAge: 28 }), 400],
    ['POST /api/offerings/capacity/bulk with a stale version', 'POST', () => '/api/offerings/capacity/bulk', 'provider', () => ({ rows: [{ offeringId: fx.offeringId, totalPlaces: 8, freePlaces: 1, waitWeeks: 2, version: 0 }] }), 409],
    ['POST /api/cases/:id/proposals for a need that is not waiting', 'POST', () => `/api/cases/${fx.measureId}/proposals`, 'guardian', () => ({ needId: 'ffffffe5-0007-4000-8f00-6df672ff538c', offeringId: fx.roomyOfferingId }), 400],
    ['POST /api/expert-tables/:id/members of an unknown table', 'POST', () => '/api/expert-tables/ffffffe5-0007-1000-8f00-6df672ff538c/members', 'admin', () => ({ userId: fx.expertUserId }), 404],
    ['DELETE /api/expert-tables/:id/members/:userId of an unknown table', 'DELETE', () => `/api/expert-tables/00000001-fdfa-7701-bfff-fff31c5f1197/members/${fx.expertUserId}`, 'admin', () => undefined, 404],
  ];
  it.each(refusals)('%s: refused, no "success" entry in the audit log, nothing written', async (_, method, path, actor, body, status) => {
    const before = await fingerprint(api.dataSource, query);
    const req = (request(api.http) as unknown as Record<string, (p: string) => request.Test>)[method.toLowerCase()]!(path()).set(as(actor));
    const res = await (body() === undefined ? req : req.send(body() as object));
    expect({ status: res.status, code: res.body.error?.code }).toEqual({ status, code: expect.any(String) });
    expect(changedTables(before, await fingerprint(api.dataSource, query))).toEqual([]);
  });

  it('refuses a capacity change with a stale If-Match with 409, and logs no "success" for it', async () => {
    const version = await capacityVersion(fx.offeringId);
    const before = await fingerprint(api.dataSource, query);
    await request(api.http).put(`/api/offerings/${fx.offeringId}/capacity`).set(as('provider')).set('If-Match', `"${version - 1}"`).send({ totalPlaces: 8, freePlaces: 2, waitWeeks: 3 }).expect(409);
    expect(changedTables(before, await fingerprint(api.dataSource, query))).toEqual([]);
  });

  // found by the fuzz: PATCH /api/offerings/:id with {"name": null} answered 500 (null taken for absent, then written to a NOT NULL column)
  it('refuses a null for a field an offering must have, and takes a null optional field for absent', async () => {
    const patch = (body: object) => request(api.http).patch(`/api/offerings/${fx.offeringId}`).set(as('provider')).send(body);
    expect((await patch({ name: null, descriptionNl: 'Dagbehandeling voor jongeren.' }).expect(400)).body.error.details.fields.map((f: { field: string }) => f.field)).toEqual(['name']);
    const before = ((await patch({ descriptionNl: 'Voor jongeren van 4 tot 17.' }).expect(200)).body as { descriptionNl: string }).descriptionNl;
    expect((await patch({ descriptionNl: null, exclusionCriteria: null, acceptsOtherRegions: null }).expect(200)).body).toMatchObject({ descriptionNl: before, acceptsOtherRegions: true });
  });

  it('answers every fuzzed write with no 5xx, the uniform error body, and nothing written when refused', async () => {
    // routes that sign nobody in first: the sign-in route's failures throttle this address for a minute
    const chosen = routes.filter((r) => !ONLY_ROUTE || r.key === ONLY_ROUTE).sort((a, b) => Number(FIXTURES[a.key]!.actor === 'anonymous') - Number(FIXTURES[b.key]!.actor === 'anonymous'));
    expect(chosen.length).toBeGreaterThan(0);
    const perRoute = Math.max(5, Math.ceil(TOTAL_RUNS / chosen.length));
    for (const route of chosen) {
      const fixture = FIXTURES[route.key]!;
      const tally: Tally = { requests: 0, byClass: {}, byStatus: {}, ms: 0 };
      tallies.set(route.key, tally);
      // a fresh token per route: a token lives 15 minutes, the full run longer
      for (const actor of ['guardian', 'provider', 'admin', 'expert'] as const) tokens[actor] = await signIn(actor);
      await fc.assert(
        fc.asyncProperty(fuzzCase({ hasParams: route.hasParams, hasBody: !!route.bodySchema }), async (c) => {
          const status = await fuzzOnce(route, fixture, c, tally);
          // the fuzz must reach validation and the service: the valid request (run first) passes the guard, and no token is refused
          if (fixture.actor !== 'anonymous' && status === 401) throw new Error(`${route.key}: 401, the fixture's token was refused`);
          if (c.kind === 'valid' && (status === 401 || status === 403)) throw new Error(`${route.key}: the valid request got ${status}; the fixture's actor may not use the route`);
        }),
        { seed: seedOf(route.key), numRuns: perRoute, path: REPLAY_PATH, examples: [[{ kind: 'valid' }]] },
      );
    }
  }, Math.max(120_000, TOTAL_RUNS * 150));

  /** One request, checked; returns its status. */
  async function fuzzOnce(route: (typeof routes)[number], fixture: RouteFixture, c: FuzzCase, tally: Tally): Promise<number> {
    const wire = applyCase(c, route.template, (await fixture.params?.()) ?? {}, await fixture.body?.(), { ...((await fixture.headers?.()) ?? {}), ...as(fixture.actor) });
    const before = await fingerprint(api.dataSource, query);
    const t0 = Date.now();
    const res = await send(route.method, wire);
    tally.ms += Date.now() - t0;
    tally.requests++;
    tally.byClass[`${String(res.status)[0]}xx`] = (tally.byClass[`${String(res.status)[0]}xx`] ?? 0) + 1;
    tally.byStatus[res.status] = (tally.byStatus[res.status] ?? 0) + 1;
    const where = `${route.key} → ${res.status} ${JSON.stringify(res.body)?.slice(0, 400)}\nrequest: ${describeWire(wire)}`;

    if (res.status >= 500) violation(route.key, '5xx', `5xx: ${where}`);
    if (({} as Record<string, unknown>).polluted !== undefined || ({} as Record<string, unknown>).role !== undefined) throw new Error(`Object.prototype polluted: ${where}`);
    if (res.status >= 400) {
      if (!isUniformError(res.body)) violation(route.key, 'body', `not the uniform error body: ${where}`);
      const changed = changedTables(before, await fingerprint(api.dataSource, query)).filter((t) => !fixture.refusalWrites?.tables.some((allowed) => t.startsWith(`${allowed}:`)));
      if (changed.length > 0) violation(route.key, `wrote ${changed.map((t) => t.split(':')[0]).join(',')}`, `a refused request wrote: ${changed.join('; ')}\n${where}`);
    } else if (res.status >= 200 && res.status < 300) {
      if (route.bodySchema) {
        // no body at all is an empty object: fine where every field is optional (a logout), whatever the content type says
        const absentAndOptional = !wire.json && !(wire.body ?? '').trim() && route.bodySchema({});
        if (!wire.json && !absentAndOptional) violation(route.key, 'not json', `accepted a body that is not JSON: ${where}`);
        else if (wire.json && !route.bodySchema(wire.json.value)) violation(route.key, 'schema', `accepted a body against its documented schema (${JSON.stringify(route.bodySchema.errors?.slice(0, 3))}): ${where}`);
      }
      await fixture.renew?.();
    } else {
      violation(route.key, 'status', `unexpected status: ${where}`);
    }
    return res.status;
  }

  async function signIn(actor: Exclude<Actor, 'anonymous'>): Promise<string> {
    const role = ({ guardian: 'guardian', provider: 'provider_staff', admin: 'admin', expert: 'expert_member' } as const)[actor];
    const res = await request(api.http).post('/api/auth/login').send({ email: DEMO_ACCOUNTS.find((a) => a.role === role)!.email, password: DEMO_PASSWORD }).expect(200);
    return (res.body as { accessToken: string }).accessToken;
  }

  async function send(method: string, wire: WireRequest): Promise<{ status: number; body: unknown }> {
    let req = (request(api.http) as unknown as Record<string, (path: string) => request.Test>)[method]!(wire.path);
    for (const [name, value] of Object.entries(wire.headers)) req = req.set(name, value);
    const res = wire.body === undefined ? await req : await req.send(wire.body);
    return { status: res.status, body: res.body };
  }
});

/** The schemas as the validation pipe enforces them: no unknown property in any object; optional ones may be null. */
function closed(schemas: Record<string, object>): Record<string, object> {
  const close = (s: unknown): unknown => {
    if (Array.isArray(s)) return s.map(close);
    if (s === null || typeof s !== 'object') return s;
    const copy = Object.fromEntries(Object.entries(s).map(([k, v]) => [k, close(v)]));
    const props = (copy as { properties?: Record<string, Record<string, unknown>> }).properties;
    if (props && !('additionalProperties' in copy)) {
      (copy as Record<string, unknown>).additionalProperties = false;
      // an optional field may be null: class-validator's IsOptional takes null for absent
      const required = new Set((copy as { required?: string[] }).required ?? []);
      for (const [name, prop] of Object.entries(props)) if (!required.has(name)) props[name] = { anyOf: [prop, { type: 'null' }] };
    }
    return copy;
  };
  return close(schemas) as Record<string, object>;
}

function isUniformError(body: unknown): boolean {
  if (body === null || typeof body !== 'object') return false;
  const { error, correlationId, ...rest } = body as { error?: Record<string, unknown>; correlationId?: unknown };
  if (Object.keys(rest).length > 0 || typeof correlationId !== 'string' || !error) return false;
  const { code, message, details, ...others } = error;
  return typeof code === 'string' && typeof message === 'string' && Object.keys(others).length === 0 && (details === undefined || (details !== null && typeof details === 'object'));
}

/** A route's own seed, so one route can be replayed alone with the run's seed. */
function seedOf(route: string): number {
  let h = SEED | 0;
  for (const ch of route) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0;
  return h;
}

function describeWire(wire: WireRequest): string {
  const body = wire.body === undefined ? '(no body)' : wire.body.length > 300 ? `${JSON.stringify(wire.body.slice(0, 300))}… (${wire.body.length} chars)` : JSON.stringify(wire.body);
  return `${wire.path.length > 200 ? `${wire.path.slice(0, 200)}… (${wire.path.length} chars)` : wire.path} ${JSON.stringify({ ...wire.headers, Authorization: wire.headers.Authorization ? 'Bearer …' : undefined })} ${body}`;
}
