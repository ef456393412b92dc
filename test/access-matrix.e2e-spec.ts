import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addDays } from '@passend/cases/domain';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import request from 'supertest';
import { send, type Probe } from './support/access-probe.js';
import { ACTOR_KEYS, ACTORS, as, buildWorld, canaryStrings, type ActorKey, type CanaryKind, type World } from './support/access-world.js';
import { startTestApi, type TestApi } from './support/test-api.js';

/**
 * The access matrix (issue #8): every route of the api's own OpenAPI document × every actor of
 * DOMAIN.md, against one world where every path parameter names a real record of institution A's
 * canary child. Each cell is the status the domain allows; and no response to anyone but A's own
 * guardians carries the child's name, BSN, date of birth, free text or the id of one of A's cases,
 * unless the cell says the actor may see it (`'200 name dob'`: the provider after acceptance;
 * `'200 text'`: the referred table; `'200 case'`: the administrator reading the access log, which
 * names its records by id). A route of the api missing here fails, and so does a row whose route is gone.
 *
 * Columns: gA guardian of institution A (the child's) · lead team lead of A (a guardian of A in
 * cases.team_lead: no role of its own) · gB guardian of institution B · pX provider staff of X
 * (the proposed offering's provider) · pY provider staff of Y · eT1 member of expert table T1 (the
 * case is referred there) · eT2 member of table T2 · reg region officer · insp inspection (a
 * region officer of the inspection) · adm administrator · anon no token.
 */
type Cell = number | `${number} ${string}`;
type Row = [gA: Cell, lead: Cell, gB: Cell, pX: Cell, pY: Cell, eT1: Cell, eT2: Cell, reg: Cell, insp: Cell, adm: Cell, anon: Cell];

// prettier-ignore
const MATRIX: Record<string, Row> = {
  //                                                                  gA   lead gB   pX   pY   eT1  eT2  reg  insp adm  anon
  'GET /api/audit':                                                  [403, 403, 403, 403, 403, 403, 403, 403, 403, '200 case', 401],
  'POST /api/auth/login':                                            [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  'GET /api/auth/me':                                                [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 401],
  'POST /api/auth/refresh':                                          [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 401],
  'POST /api/auth/logout':                                           [204, 204, 204, 204, 204, 204, 204, 204, 204, 204, 401],
  'POST /api/admin/users/{id}/sessions/revoke':                      [403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 401],
  'POST /api/admin/users/{id}/deactivate':                           [403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 401],
  'GET /api/regions':                                                [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 401],
  'GET /api/municipalities':                                         [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 401],
  'GET /api/code-lists':                                             [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 401],
  'GET /api/code-lists/{list}':                                      [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 401],
  'PUT /api/providers/me':                                           [403, 403, 403, 200, 200, 403, 403, 403, 403, 403, 401],
  'GET /api/providers/me/offerings':                                 [403, 403, 403, 200, 200, 403, 403, 403, 403, 403, 401],
  'GET /api/providers/me/stale-offerings':                           [403, 403, 403, 200, 200, 403, 403, 403, 403, 403, 401],
  'GET /api/providers/{id}':                                         [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 401],
  'POST /api/locations':                                             [403, 403, 403, 201, 201, 403, 403, 403, 403, 403, 401],
  'GET /api/locations/{id}':                                         [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 401],
  'PATCH /api/locations/{id}':                                       [403, 403, 403, 200, 403, 403, 403, 403, 403, 403, 401],
  'POST /api/offerings':                                             [403, 403, 403, 201, 403, 403, 403, 403, 403, 403, 401],
  'GET /api/offerings/{id}':                                         [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 401],
  'PATCH /api/offerings/{id}':                                       [403, 403, 403, 200, 403, 403, 403, 403, 403, 403, 401],
  'DELETE /api/offerings/{id}':                                      [403, 403, 403, 200, 403, 403, 403, 403, 403, 200, 401],
  'GET /api/offerings/{id}/capacity':                                [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 401],
  'PUT /api/offerings/{id}/capacity':                                [403, 403, 403, 200, 403, 403, 403, 403, 403, 403, 401],
  'POST /api/offerings/{id}/capacity/confirm':                       [403, 403, 403, 200, 403, 403, 403, 403, 403, 403, 401],
  'POST /api/offerings/capacity/bulk':                               [403, 403, 403, 200, 403, 403, 403, 403, 403, 403, 401],
  'GET /api/holds/{id}':                                             [200, 200, 403, 200, 403, 403, 403, 403, 403, 200, 401],
  'POST /api/holds/{id}/release':                                    [200, 200, 403, 200, 403, 403, 403, 403, 403, 200, 401],
  'POST /api/holds/{id}/confirm':                                    [200, 200, 403, 403, 403, 403, 403, 403, 403, 403, 401],
  'GET /api/social-map/specialisms':                                 [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 401],
  'POST /api/social-map/specialisms':                                [403, 403, 403, 403, 403, 403, 403, 403, 403, 201, 401],
  'GET /api/social-map/offerings':                                   [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 401],
  'GET /api/social-map/stream':                                      [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 401],
  'GET /api/hsds/services':                                          [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  'GET /api/hsds/services/{id}':                                     [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  'GET /api/hsds/organizations':                                     [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  'GET /api/hsds/organizations/{id}':                                [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  'GET /api/dashboard/matching':                                     [200, 200, 200, 403, 403, 403, 403, 200, 200, 200, 401],
  'GET /api/dashboard/matching/{code}':                              [200, 200, 200, 403, 403, 403, 403, 200, 200, 200, 401],
  'GET /api/dashboard/regions':                                      [200, 200, 200, 403, 403, 403, 403, 200, 200, 200, 401],
  'GET /api/dashboard/regions/{code}':                               [200, 200, 200, 403, 403, 403, 403, 200, 200, 200, 401],
  'GET /api/dashboard/institutions/{id}':                            [200, 200, 403, 403, 403, 403, 403, 403, 403, 200, 401],
  'GET /api/cases/explanation-reasons':                              [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 401],
  'POST /api/cases':                                                 [201, 201, 201, 403, 403, 403, 403, 403, 403, 403, 401],
  'GET /api/cases':                                                  [200, 200, 200, 403, 403, 403, 403, 403, 403, 403, 401],
  'GET /api/cases/{id}':                                             [200, 200, 403, 403, 403, 403, 403, 403, 403, 403, 401],
  'GET /api/cases/{id}/timeline':                                    [200, 200, 403, 403, 403, 403, 403, 403, 403, 403, 401],
  'PUT /api/cases/{id}/child':                                       [200, 200, 403, 403, 403, 403, 403, 403, 403, 403, 401],
  'POST /api/cases/{id}/guardians':                                  [201, 201, 403, 403, 403, 403, 403, 403, 403, 403, 401],
  'POST /api/cases/{id}/needs':                                      [201, 201, 403, 403, 403, 403, 403, 403, 403, 403, 401],
  'POST /api/cases/{id}/milestones':                                 [201, 201, 403, 403, 403, 403, 403, 403, 403, 403, 401],
  'POST /api/cases/{id}/milestones/fitting_help/experience':         [201, 201, 403, 403, 403, 403, 403, 403, 403, 403, 401],
  'POST /api/cases/{id}/client-voice':                               [201, 201, 403, 403, 403, 403, 403, 403, 403, 403, 401],
  'GET /api/institutions/{id}/caseload':                             [403, 200, 403, 403, 403, 403, 403, 403, 403, 403, 401],
  'GET /api/cases/{id}/matching':                                    [200, 200, 403, 403, 403, 403, 403, 403, 403, 403, 401],
  'POST /api/cases/{id}/proposals':                                  [201, 201, 403, 403, 403, 403, 403, 403, 403, 403, 401],
  'POST /api/proposals/{id}/offer':                                  [200, 200, 403, 403, 403, 403, 403, 403, 403, 403, 401],
  'POST /api/proposals/{id}/withdraw':                               [200, 200, 403, 403, 403, 403, 403, 403, 403, 403, 401],
  'POST /api/proposals/{id}/start':                                  [200, 200, 403, 403, 403, 403, 403, 403, 403, 403, 401],
  'GET /api/provider/proposals':                                     [403, 403, 403, 200, 200, 403, 403, 403, 403, 403, 401],
  'POST /api/proposals/{id}/accept':                                 [403, 403, 403, 200, 403, 403, 403, 403, 403, 403, 401],
  'POST /api/proposals/{id}/decline':                                [403, 403, 403, 200, 403, 403, 403, 403, 403, 403, 401],
  'GET /api/proposals/decline-reasons':                              [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 401],
  'GET /api/proposals/{id}/child':                                   [403, 403, 403, '200 name dob', 403, 403, 403, 403, 403, 403, 401],
  'GET /api/expert-tables':                                          [403, 403, 403, 403, 403, 200, 200, 403, 403, 200, 401],
  'POST /api/expert-tables':                                         [403, 403, 403, 403, 403, 403, 403, 403, 403, 201, 401],
  'POST /api/expert-tables/{id}/members':                            [403, 403, 403, 403, 403, 403, 403, 403, 403, 201, 401],
  'DELETE /api/expert-tables/{id}/members/{userId}':                 [403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 401],
  'GET /api/expert-tables/{id}/queue':                               [403, 403, 403, 403, 403, 200, 403, 403, 403, 403, 401],
  'GET /api/expert-tables/{id}/referrals/{referralId}':              [403, 403, 403, 403, 403, '200 text', 403, 403, 403, 403, 401],
  'POST /api/expert-tables/{id}/referrals/{referralId}/decisions':   [403, 403, 403, 403, 403, 201, 403, 403, 403, 403, 401],
  'POST /api/cases/{id}/referrals':                                  [201, 201, 403, 403, 403, 403, 403, 403, 403, 403, 401],
  'POST /api/matching/runs':                                         [403, 403, 403, 403, 403, 403, 403, 403, 403, 201, 401],
  'GET /api/offerings/{id}/waiting-children':                        [403, 403, 403, 200, 403, 200, 200, 403, 403, 403, 401],
  'POST /api/offerings/{id}/holds':                                  [201, 201, 403, 403, 403, 403, 403, 403, 403, 403, 401],
  'GET /api/matching/notifications':                                 [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 401],
  'POST /api/matching/notifications/{id}/read':                      [404, 404, 404, 200, 404, 404, 404, 404, 404, 404, 401],
  'GET /api/matching/capacity-honesty':                              [403, 403, 403, 200, 200, 403, 403, 200, 200, 200, 401],
  'GET /health':                                                     [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  'GET /api/notifications':                                          [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 401],
  'POST /api/notifications/read-all':                                [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 401],
  'POST /api/notifications/check':                                   [403, 403, 403, 403, 403, 403, 403, 403, 403, 202, 401],
  'POST /api/notifications/{id}/read':                               [200, 404, 404, 404, 404, 404, 404, 404, 404, 404, 401],
};

type Fixture = Record<string, string>;
interface Ask {
  /** fresh records for this route, made again after every successful write */
  fresh?: (w: World) => Promise<Fixture>;
  /** one actor after another even without fresh records */
  sequential?: boolean;
  probe: (w: World, f: Fixture, actor: ActorKey) => Probe | Promise<Probe>;
}

let serial = 0;
const get = (path: string | ((w: World) => string)): Ask => ({ probe: (w) => ({ method: 'get', path: typeof path === 'string' ? path : path(w) }) });
const post = (path: (w: World, f: Fixture) => string, body: (w: World, f: Fixture) => object = () => ({}), fresh?: Ask['fresh']): Ask => ({ fresh, probe: (w, f) => ({ method: 'post', path: path(w, f), body: body(w, f) }) });
const capacity = async (w: World, offeringId: string) =>
  (await request(w.api.http).get(`/api/offerings/${offeringId}/capacity`).set(as(w.tokens.providerX)).expect(200)).body as { version: number };

/** One realistic request per route: real records, a valid body (the matrix checks authorisation, not validation). */
const REQUESTS: Record<string, Ask> = {
  // identity and audit
  // (one at a time: an attempt counts as a failure until its password is checked, so eleven at once trip the limits)
  'POST /api/auth/login': { sequential: true, probe: () => ({ method: 'post', path: '/api/auth/login', body: { email: 'aanbieder-y@matrix.passend.nl', password: 'matrix-wachtwoord-1' } }) },
  'GET /api/auth/me': get('/api/auth/me'),
  // each actor refreshes and ends a sign-in of its own (anonymous has none: an unknown refresh token, no bearer)
  'POST /api/auth/refresh': {
    sequential: true,
    probe: async (w, _f, actor) => ({ method: 'post', path: '/api/auth/refresh', body: { refreshToken: (await w.fresh.session(actor))?.refreshToken ?? 'A'.repeat(43) } }),
  },
  'POST /api/auth/logout': {
    sequential: true,
    probe: async (w, _f, actor): Promise<Probe> => {
      const session = await w.fresh.session(actor);
      const headers: Record<string, string> = session ? { Authorization: `Bearer ${session.accessToken}` } : {};
      return { method: 'post', path: '/api/auth/logout', headers };
    },
  },
  'POST /api/admin/users/{id}/sessions/revoke': post((_w, f) => `/api/admin/users/${f.user}/sessions/revoke`, () => ({}), async (w) => ({ user: await w.fresh.spareExpert(false) })),
  'POST /api/admin/users/{id}/deactivate': post((_w, f) => `/api/admin/users/${f.user}/deactivate`, () => ({}), async (w) => ({ user: await w.fresh.spareExpert(false) })),
  'GET /api/audit': get((w) => `/api/audit?subjectType=case&subjectId=${w.caseA}`),
  'GET /health': get('/health'),
  // reference data
  'GET /api/regions': get('/api/regions'),
  'GET /api/municipalities': get('/api/municipalities?region=JZ22'),
  'GET /api/code-lists': get('/api/code-lists'),
  'GET /api/code-lists/{list}': get('/api/code-lists/WJ759'),
  // the social map
  'PUT /api/providers/me': { probe: () => ({ method: 'put', path: '/api/providers/me', body: { name: 'Zorgaanbieder (matrix)' } }) },
  'GET /api/providers/me/offerings': get('/api/providers/me/offerings'),
  'GET /api/providers/me/stale-offerings': get('/api/providers/me/stale-offerings'),
  'GET /api/providers/{id}': get((w) => `/api/providers/${w.providerX}`),
  'POST /api/locations': post(() => '/api/locations', () => ({ name: 'Locatie Nieuw', city: 'Utrecht', municipalityCode: 'GM0344' })),
  'GET /api/locations/{id}': get((w) => `/api/locations/${w.locationX}`),
  'PATCH /api/locations/{id}': { probe: (w) => ({ method: 'patch', path: `/api/locations/${w.locationX}`, body: { name: 'Locatie Oudwijk' } }) },
  'POST /api/offerings': post(
    () => '/api/offerings',
    (w) => ({ locationId: w.locationX, name: 'Dagbehandeling', categoryCode: '43', setting: 'day_treatment', specialismCodes: [], minAge: 4, maxAge: 17, contractedRegionCodes: ['JZ22'], totalPlaces: 4, freePlaces: 1 }),
  ),
  'GET /api/offerings/{id}': get((w) => `/api/offerings/${w.offeringX}`),
  'PATCH /api/offerings/{id}': { probe: (w) => ({ method: 'patch', path: `/api/offerings/${w.offeringX}`, body: { descriptionNl: 'Behandelgroep voor jongeren met trauma.' } }) },
  'DELETE /api/offerings/{id}': { fresh: async (w) => ({ offering: await w.fresh.offeringOfX() }), probe: (_w, f) => ({ method: 'delete', path: `/api/offerings/${f.offering}` }) },
  'GET /api/offerings/{id}/capacity': get((w) => `/api/offerings/${w.offeringX}/capacity`),
  'PUT /api/offerings/{id}/capacity': {
    probe: async (w) => ({ method: 'put', path: `/api/offerings/${w.offeringX}/capacity`, body: { totalPlaces: 60, freePlaces: 40, waitWeeks: 0, version: (await capacity(w, w.offeringX)).version } }),
  },
  'POST /api/offerings/{id}/capacity/confirm': post((w) => `/api/offerings/${w.offeringX}/capacity/confirm`),
  'POST /api/offerings/capacity/bulk': {
    probe: async (w) => ({
      method: 'post',
      path: '/api/offerings/capacity/bulk',
      body: { rows: [{ offeringId: w.offeringX, totalPlaces: 60, freePlaces: 40, waitWeeks: 0, version: (await capacity(w, w.offeringX)).version }] },
    }),
  },
  'GET /api/holds/{id}': get((w) => `/api/holds/${w.holdA}`),
  'POST /api/holds/{id}/release': post((_w, f) => `/api/holds/${f.hold}/release`, undefined, async (w) => ({ hold: await w.fresh.hold() })),
  'POST /api/holds/{id}/confirm': post((_w, f) => `/api/holds/${f.hold}/confirm`, undefined, async (w) => ({ hold: await w.fresh.hold() })),
  'GET /api/social-map/specialisms': get('/api/social-map/specialisms'),
  'POST /api/social-map/specialisms': { probe: () => ({ method: 'post', path: '/api/social-map/specialisms', body: { code: `matrix_${serial++}`, labelNl: 'Matrix', labelEn: 'Matrix' } }) },
  'GET /api/social-map/offerings': get('/api/social-map/offerings?category=43'),
  'GET /api/social-map/stream': {
    probe: (w) => ({
      method: 'get',
      path: '/api/social-map/stream?region=JZ22',
      stream: true,
      // a hold for the canary child's case changes X's capacity: its event is the stream's first chunk
      whileOpen: async () => request(w.api.http).post(`/api/holds/${await w.fresh.hold()}/release`).set(as(w.tokens.guardianA)).expect(200),
    }),
  },
  'GET /api/hsds/services': get('/api/hsds/services'),
  'GET /api/hsds/services/{id}': get((w) => `/api/hsds/services/${w.offeringX}`),
  'GET /api/hsds/organizations': get('/api/hsds/organizations'),
  'GET /api/hsds/organizations/{id}': get((w) => `/api/hsds/organizations/${w.providerX}`),
  // dashboards: aggregates
  'GET /api/dashboard/matching': get('/api/dashboard/matching'),
  'GET /api/dashboard/matching/{code}': get('/api/dashboard/matching/JZ22'),
  'GET /api/dashboard/regions': get('/api/dashboard/regions'),
  'GET /api/dashboard/regions/{code}': get('/api/dashboard/regions/JZ22'),
  'GET /api/dashboard/institutions/{id}': get((w) => `/api/dashboard/institutions/${w.institutionA}`),
  // cases
  'GET /api/cases/explanation-reasons': get('/api/cases/explanation-reasons'),
  'POST /api/cases': post(
    () => '/api/cases',
    (w) => ({ child: { givenNames: 'Nieuw', familyName: 'Matrixkind', bsn: w.fresh.bsn(), dateOfBirth: '2014-06-01', homeMunicipalityCode: 'GM0344' }, measure: { kind: 'supervision_order', rulingDate: w.today } }),
  ),
  'GET /api/cases': get('/api/cases'),
  'GET /api/cases/{id}': get((w) => `/api/cases/${w.caseA}`),
  'GET /api/cases/{id}/timeline': get((w) => `/api/cases/${w.caseA}/timeline`),
  'PUT /api/cases/{id}/child': {
    fresh: async (w) => ({ case: await w.fresh.caseOfAWithOtherChild() }),
    probe: (_w, f) => ({ method: 'put', path: `/api/cases/${f.case}/child`, body: { networkMunicipalityCode: 'GM0307' } }),
  },
  'POST /api/cases/{id}/guardians': post(
    (_w, f) => `/api/cases/${f.case}/guardians`,
    (w) => ({ guardianUserId: w.userIds.guardianA, kind: 'permanent', fromDate: w.today, explanation: { reasonCode: w.explanationReason, text: w.canaries.text.explanation } }),
    async (w) => ({ case: await w.fresh.caseOfA() }),
  ),
  'POST /api/cases/{id}/needs': post((w) => `/api/cases/${w.caseA}/needs`, (w) => ({ categoryCode: '43', urgency: 'regular', notes: w.canaries.text.need })),
  'POST /api/cases/{id}/milestones': post(
    (_w, f) => `/api/cases/${f.case}/milestones`,
    (w) => ({ kind: 'fitting_help', metOn: w.today, offeringId: w.offeringY }),
    async (w) => ({ case: await w.fresh.caseOfA() }),
  ),
  'POST /api/cases/{id}/milestones/fitting_help/experience': post(
    (_w, f) => `/api/cases/${f.case}/milestones/fitting_help/experience`,
    (w) => ({ followUpOn: w.today, childExperiencesFitting: true, parentsExperienceFitting: true, professionalExplanation: w.canaries.text.experience }),
    async (w) => {
      const measureId = await w.fresh.caseOfA();
      await request(w.api.http).post(`/api/cases/${measureId}/milestones`).set(as(w.tokens.guardianA)).send({ kind: 'fitting_help', metOn: w.today, offeringId: w.offeringY }).expect(201);
      return { case: measureId };
    },
  ),
  'POST /api/cases/{id}/client-voice': post((w) => `/api/cases/${w.caseA}/client-voice`, (w) => ({ speaker: 'parents', statement: w.canaries.text.voice })),
  'GET /api/institutions/{id}/caseload': get((w) => `/api/institutions/${w.institutionA}/caseload`),
  // matching
  'GET /api/cases/{id}/matching': get((w) => `/api/cases/${w.caseA}/matching`),
  'POST /api/cases/{id}/proposals': post(
    (w) => `/api/cases/${w.caseA}/proposals`,
    (w, f) => ({ needId: f.need, offeringId: w.offeringY, passedOverReason: 'other', note: w.canaries.text.proposalNote }),
    async (w) => ({ need: await w.fresh.needOfA() }),
  ),
  'POST /api/proposals/{id}/offer': post((_w, f) => `/api/proposals/${f.proposal}/offer`, () => ({}), async (w) => ({ proposal: (await w.fresh.proposal('proposed')).proposalId })),
  'POST /api/proposals/{id}/withdraw': post((_w, f) => `/api/proposals/${f.proposal}/withdraw`, () => ({ reason: 'family_declined' }), async (w) => ({ proposal: (await w.fresh.proposal('proposed')).proposalId })),
  'POST /api/proposals/{id}/start': post(
    (_w, f) => `/api/proposals/${f.proposal}/start`,
    (w) => ({ startedOn: w.today }),
    async (w) => ({ proposal: (await w.fresh.proposal('accepted', await w.fresh.caseOfA())).proposalId }),
  ),
  'GET /api/provider/proposals': get('/api/provider/proposals'),
  'POST /api/proposals/{id}/accept': post((_w, f) => `/api/proposals/${f.proposal}/accept`, (w) => ({ plannedStart: addDays(w.today, 7) }), async (w) => ({ proposal: (await w.fresh.proposal('offered')).proposalId })),
  'POST /api/proposals/{id}/decline': post(
    (_w, f) => `/api/proposals/${f.proposal}/decline`,
    (w) => ({ reasonCode: '7', note: w.canaries.text.declineNote }),
    async (w) => ({ proposal: (await w.fresh.proposal('offered')).proposalId }),
  ),
  'GET /api/proposals/decline-reasons': get('/api/proposals/decline-reasons'),
  'GET /api/proposals/{id}/child': get((w) => `/api/proposals/${w.proposalAccepted}/child`),
  'GET /api/expert-tables': get('/api/expert-tables'),
  'POST /api/expert-tables': { probe: () => ({ method: 'post', path: '/api/expert-tables', body: { name: `Experttafel matrix ${serial++}`, regionCode: 'JZ01' } }) },
  'POST /api/expert-tables/{id}/members': post((w) => `/api/expert-tables/${w.tableT2}/members`, (_w, f) => ({ userId: f.user }), async (w) => ({ user: await w.fresh.spareExpert(false) })),
  'DELETE /api/expert-tables/{id}/members/{userId}': {
    fresh: async (w) => ({ user: await w.fresh.spareExpert(true) }),
    probe: (w, f) => ({ method: 'delete', path: `/api/expert-tables/${w.tableT2}/members/${f.user}` }),
  },
  'GET /api/expert-tables/{id}/queue': get((w) => `/api/expert-tables/${w.tableT1}/queue`),
  'GET /api/expert-tables/{id}/referrals/{referralId}': get((w) => `/api/expert-tables/${w.tableT1}/referrals/${w.referralT1}`),
  'POST /api/expert-tables/{id}/referrals/{referralId}/decisions': post(
    (w, f) => `/api/expert-tables/${w.tableT1}/referrals/${f.referral}/decisions`,
    (w) => ({ kind: 'ask_information', rationale: w.canaries.text.rationale, familyView: w.canaries.text.familyView }),
    async (w) => ({ referral: await w.fresh.referral() }),
  ),
  'POST /api/cases/{id}/referrals': post((w) => `/api/cases/${w.caseA}/referrals`, (_w, f) => ({ needId: f.need }), async (w) => ({ need: await w.fresh.needOfA() })),
  'POST /api/matching/runs': post(() => '/api/matching/runs', () => ({ scope: 'region', code: 'JZ01' })),
  'GET /api/offerings/{id}/waiting-children': get((w) => `/api/offerings/${w.offeringX}/waiting-children`),
  'POST /api/offerings/{id}/holds': post((w) => `/api/offerings/${w.offeringX}/holds`, (_w, f) => ({ measureId: f.case, ttlHours: 1 }), async (w) => ({ case: await w.fresh.caseOfA() })),
  'GET /api/matching/notifications': get('/api/matching/notifications'),
  'POST /api/matching/notifications/{id}/read': post((w) => `/api/matching/notifications/${w.matchingNotificationX}/read`),
  'GET /api/matching/capacity-honesty': get('/api/matching/capacity-honesty'),
  // the norm notifications
  'GET /api/notifications': get('/api/notifications'),
  'POST /api/notifications/read-all': post(() => '/api/notifications/read-all'),
  'POST /api/notifications/check': post(() => '/api/notifications/check'),
  'POST /api/notifications/{id}/read': post((w) => `/api/notifications/${w.caseNotificationA}/read`),
};

describe('the access matrix: every route × every actor', () => {
  let api: TestApi;
  let w: World;
  let documented: string[];

  beforeAll(async () => {
    api = await startTestApi({ streams: { perUser: 20, perAddress: 1000, total: 1000, accountCheckMs: 60_000 } });
    // listening once, before requests run in parallel (supertest would otherwise listen per request)
    await new Promise<void>((done) => api.http.listen(0, '127.0.0.1', done));
    w = await buildWorld(api);
    const doc = (await request(api.http).get('/api/docs-json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
    documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
  }, 60_000);
  afterAll(() => api?.close());

  it('documents every route the api serves (no route hides from the matrix)', () => {
    const router = (api.app.getHttpAdapter().getInstance() as { router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] } }).router;
    const served = router.stack
      .flatMap((layer) => (layer.route ? Object.keys(layer.route.methods).filter((m) => m !== '_all').map((m) => `${m.toUpperCase()} ${layer.route!.path.replace(/:(\w+)/g, '{$1}')}`) : []))
      // the documentation's own pages, and the methods other than GET that Nest answers at /health
      .filter((r) => !r.startsWith('GET /api/docs') && !(r.endsWith(' /health') && r !== 'GET /health'));
    expect(served.filter((r) => !documented.includes(r))).toEqual([]);
  });

  it('has a row and a request for every documented route, and none for a route that is gone', () => {
    expect(documented.filter((r) => !(r in MATRIX))).toEqual([]);
    expect(Object.keys(MATRIX).filter((r) => !documented.includes(r))).toEqual([]);
    expect(documented.filter((r) => !(r in REQUESTS))).toEqual([]);
    expect(Object.keys(REQUESTS).filter((r) => !documented.includes(r))).toEqual([]);
    // someone succeeds on every route: its request is valid and its records are real, so a refusal is about who asks
    expect(Object.entries(MATRIX).filter(([, row]) => !row.some((cell) => /^2\d\d\b/.test(String(cell)))).map(([route]) => route)).toEqual([]);
  });

  it('answers each actor as the domain allows, and tells nobody else about the child', async () => {
    const actual: Record<string, Record<ActorKey, string>> = {};
    const wrong: string[] = [];
    const leaks: string[] = [];
    const streamed: string[] = [];
    const seenByA = new Set<string>();
    const tryAs = async (route: string, ask: Ask, fixture: Fixture, actor: ActorKey, secrets: Record<CanaryKind, string[]>) => {
      const probe = await ask.probe(w, fixture, actor);
      // the actor's matrix token, unless the request brings a sign-in of its own (logout)
      const answer = await send(api.http, { ...probe, headers: { ...as(w.tokens[actor]), ...probe.headers } });
      if (probe.stream && answer.status === 200) streamed.push(answer.text);
      actual[route]![actor] = String(answer.status);
      const [status, ...mayCarry] = String(MATRIX[route]?.[ACTOR_KEYS.indexOf(actor)] ?? '').split(' ');
      if (String(answer.status) !== status) wrong.push(`${route} as ${actor}: ${answer.status}, expected ${status || '(no row)'} ${answer.text.slice(0, 200)}`);
      const text = answer.text.toLowerCase();
      if (actor === 'guardianA' || actor === 'teamLeadA') {
        for (const s of Object.values(secrets).flat()) if (text.includes(s.toLowerCase())) seenByA.add(s);
      } else {
        const found = (Object.keys(secrets) as CanaryKind[]).filter((kind) => !mayCarry.includes(kind) && secrets[kind].some((s) => text.includes(s.toLowerCase())));
        if (found.length) {
          leaks.push(`${route} as ${actor} (${answer.status}) carries ${found.join(', ')}`);
          actual[route]![actor] += ` LEAK:${found.join(',')}`;
        }
      }
      return answer.status >= 200 && answer.status < 300 && probe.method !== 'get';
    };
    for (const route of documented) {
      const ask = REQUESTS[route];
      if (!ask) continue;
      actual[route] = {} as Record<ActorKey, string>;
      if (!ask.fresh && !ask.sequential) {
        // reads and writes that leave the route's records usable: every actor at once
        const secrets = canaryStrings(w.canaries, await w.casesOfA());
        await Promise.all(ACTOR_KEYS.map((actor) => tryAs(route, ask, {}, actor, secrets)));
        continue;
      }
      // a write that uses up its record: one actor after another, a fresh record after each success
      let fixture = ask.fresh ? await ask.fresh(w) : {};
      for (const actor of ACTOR_KEYS) {
        if ((await tryAs(route, ask, fixture, actor, canaryStrings(w.canaries, await w.casesOfA()))) && ask.fresh) fixture = await ask.fresh(w);
      }
    }
    const file = writeMarkdown(actual);
    process.stdout.write(`\n[access matrix] route × actor table written to ${file}\n`);
    expect(wrong).toEqual([]);
    expect(leaks).toEqual([]);
    // the canaries can be found: A's own guardians were shown every one of them (as the api writes them)
    const all = canaryStrings(w.canaries, [w.caseA]);
    expect((Object.keys(all) as CanaryKind[]).flatMap((kind) => all[kind].filter((s) => !seenByA.has(s)).map((s) => `${kind}: ${s}`))).toEqual([]);
    // the streams were scanned on a real event, not on silence
    expect(streamed.length).toBeGreaterThan(0);
    expect(streamed.every((text) => /event: capacity/.test(text))).toBe(true);
  }, 300_000);

  function writeMarkdown(actual: Record<string, Record<ActorKey, string>>): string {
    const short = ['gA', 'lead', 'gB', 'pX', 'pY', 'eT1', 'eT2', 'reg', 'insp', 'adm', 'anon'];
    const shown = (expected: Cell | undefined, got: string) => (expected !== undefined && String(expected).split(' ')[0] === got ? String(expected) : `**${got}** (expected ${expected ?? '?'})`);
    const lines = [
      '# Access matrix',
      '',
      `Generated by test/access-matrix.e2e-spec.ts on ${new Date().toISOString()}: each route of the api's OpenAPI document × each actor, the status the api answered. ` +
        "After a status, what the actor may see of the canary child: name, dob (date of birth), text (free text), case (ids of the institution's cases); " +
        "nobody but A's guardians sees more. A cell that differs from the test's table shows both.",
      '',
      ...ACTOR_KEYS.map((a, i) => `- **${short[i]}**: ${ACTORS[a]}`),
      '',
      `| route | ${short.join(' | ')} |`,
      `| --- | ${short.map(() => '---').join(' | ')} |`,
      ...Object.entries(actual).map(([route, cells]) => `| \`${route}\` | ${ACTOR_KEYS.map((a, i) => shown(MATRIX[route]?.[i], cells[a])).join(' | ')} |`),
      '',
    ];
    const dir = resolve(process.cwd(), '.data');
    mkdirSync(dir, { recursive: true });
    const file = resolve(dir, 'access-matrix.md');
    writeFileSync(file, lines.join('\n'));
    return file;
  }
});
