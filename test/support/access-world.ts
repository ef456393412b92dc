import { addDays, todayInAmsterdam } from '@passend/cases/domain';
import { hashPassword } from '@passend/identity';
import { NormCheck } from '@passend/cases';
import request from 'supertest';
import { syntheticBsns } from './synthetic-bsn.js';
import type { TestApi } from './test-api.js';

/**
 * The actors of the access matrix (DOMAIN.md, who may see what). A team lead is no role of its
 * own: a guardian of the institution listed in cases.team_lead.
 */
export const ACTORS = {
  guardianA: 'guardian of institution A',
  teamLeadA: 'team lead of institution A (a guardian in cases.team_lead)',
  guardianB: 'guardian of institution B',
  providerX: 'provider staff of X (the proposed offering)',
  providerY: 'provider staff of Y',
  expertT1: 'expert-table member of T1 (the referred table)',
  expertT2: 'expert-table member of T2 (another table)',
  regionOfficer: 'region officer',
  inspection: 'inspection',
  admin: 'administrator',
  anonymous: 'anonymous (no token)',
} as const;
export type ActorKey = keyof typeof ACTORS;
export const ACTOR_KEYS = Object.keys(ACTORS) as ActorKey[];

const PASSWORD = 'matrix-wachtwoord-1';

/**
 * Canary values: a child of institution A with a name, BSN and date of birth nobody else has, and
 * free text (each marked VRIJETEKST) in every place the API takes some. Any of these in a response
 * to an actor who may not see the child is a leak.
 */
export function canaries(bsn: string, correctedBsn: string) {
  return {
    givenNames: 'Kwirijntje Fenneke',
    familyName: 'Zwaluwstaart-Kanarie',
    bsn,
    dateOfBirth: '2012-02-29',
    correctedChild: { givenNames: 'Olivijntje', familyName: 'Roodborst-Kanarie', bsn: correctedBsn, dateOfBirth: '2011-11-30' },
    text: {
      need: 'VRIJETEKST behoefte: angst voor de stiefvader',
      voice: 'VRIJETEKST stem: ik wil bij oma Truus wonen',
      explanation: 'VRIJETEKST uitleg: de vaste jeugdbeschermer lag in het ziekenhuis',
      proposalNote: 'VRIJETEKST notitie: moeder wil geen plek in Zeist',
      declineNote: 'VRIJETEKST afwijzing: de groep is te onrustig voor haar',
      rationale: 'VRIJETEKST besluit: traumabehandeling eerst',
      familyView: 'VRIJETEKST familie: vader stemt niet in',
      experience: 'VRIJETEKST ervaring: zij voelt zich veilig op de groep',
    },
  };
}
export type Canaries = ReturnType<typeof canaries>;

/**
 * The kinds of personal data a response may carry, and the strings that betray each; `case`: the
 * id of one of A's measures, the pseudonym that links whatever is known about the child's case.
 */
export type CanaryKind = 'name' | 'bsn' | 'dob' | 'text' | 'case';
export function canaryStrings(c: Canaries, caseIds: string[]): Record<CanaryKind, string[]> {
  return {
    case: caseIds,
    name: [...c.givenNames.split(' '), c.familyName, ...c.correctedChild.givenNames.split(' '), c.correctedChild.familyName],
    bsn: [c.bsn, c.correctedChild.bsn],
    dob: [c.dateOfBirth, c.correctedChild.dateOfBirth],
    text: ['VRIJETEKST'],
  };
}

export interface World {
  api: TestApi;
  today: string;
  tokens: Record<ActorKey, string | undefined>;
  userIds: Record<Exclude<ActorKey, 'anonymous'>, string>;
  canaries: Canaries;
  institutionA: string;
  institutionB: string;
  providerX: string;
  providerY: string;
  locationX: string;
  offeringX: string;
  offeringY: string;
  tableT1: string;
  tableT2: string;
  caseA: string;
  /** a proposal of case A offered to X's offering (a hold on one place) */
  proposalOffered: string;
  /** a proposal of case A accepted by X: the child's identity is released to X */
  proposalAccepted: string;
  referralT1: string;
  holdA: string;
  caseNotificationA: string;
  matchingNotificationX: string;
  explanationReason: string;
  /** helpers for fresh records (writes that succeed change the world) */
  fresh: Fresh;
  /** the ids of every measure of institution A, as they are now */
  casesOfA(): Promise<string[]>;
}

export interface Fresh {
  /** a new measure of institution A for the canary child (the same child record) */
  caseOfA(): Promise<string>;
  needOfA(measureId?: string): Promise<string>;
  /** on case A unless another measure is named (starting help ends the case's matching) */
  proposal(state: 'proposed' | 'offered' | 'accepted', measureId?: string): Promise<{ proposalId: string; needId: string }>;
  referral(): Promise<string>;
  hold(): Promise<string>;
  offeringOfX(): Promise<string>;
  /** an expert of T2's organisation; a member of T2 when asked */
  spareExpert(member: boolean): Promise<string>;
  /** a new child of A (to be corrected without changing the canary child) */
  caseOfAWithOtherChild(): Promise<string>;
  bsn(): string;
  /** a new sign-in of the actor (its own session, so logging it out leaves the actor's matrix token alone); none for anonymous */
  session(actor: ActorKey): Promise<{ accessToken: string; refreshToken: string } | undefined>;
}

export const as = (token: string | undefined): Record<string, string> => (token ? { Authorization: `Bearer ${token}` } : {});

/** Builds the world every route of the matrix is tried against: all through the api, except accounts and the team lead. */
export async function buildWorld(api: TestApi): Promise<World> {
  const nextBsn = syntheticBsns(70_000_000);
  const c = canaries(nextBsn(), nextBsn());
  const today = todayInAmsterdam(new Date());
  const http = () => request(api.http);
  const ok = async (res: request.Test, status: number) => {
    const r = await res;
    if (r.status !== status) throw new Error(`${res.method} ${res.url}: expected ${status}, got ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const signIn = async (email: string, password = PASSWORD) => (await ok(http().post('/api/auth/login').send({ email, password }), 200)) as { accessToken: string; refreshToken: string };
  const login = async (email: string, password = PASSWORD) => (await signIn(email, password)).accessToken;
  const DEMO = 'passend-demo';
  const credentials: Record<ActorKey, [string, string] | undefined> = {
    guardianA: ['jeugdbeschermer@demo.passend.nl', DEMO],
    teamLeadA: ['teamleider-a@matrix.passend.nl', PASSWORD],
    guardianB: ['jeugdbeschermer-b@matrix.passend.nl', PASSWORD],
    providerX: ['aanbieder@demo.passend.nl', DEMO],
    providerY: ['aanbieder-y@matrix.passend.nl', PASSWORD],
    expertT1: ['experttafel@demo.passend.nl', DEMO],
    expertT2: ['expert-t2@matrix.passend.nl', PASSWORD],
    regionOfficer: ['regio@demo.passend.nl', DEMO],
    inspection: ['inspectie@demo.passend.nl', DEMO],
    admin: ['beheer@demo.passend.nl', DEMO],
    anonymous: undefined,
  };
  const one = async (sql: string, params: unknown[] = []) => ((await api.dataSource.query(sql, params)) as Record<string, string>[])[0]!;
  const passwordHash = await hashPassword(PASSWORD);
  const account = async (organisationId: string, email: string, role: string) =>
    (await one(`INSERT INTO identity."user" (organisation_id, email, display_name, role, password_hash) VALUES ($1, $2, $3, $4, $5) RETURNING id`, [organisationId, email, email.split('@')[0], role, passwordHash])).id!;
  const organisation = async (kind: string, name: string, region: string | null) =>
    (await one(`INSERT INTO identity.organisation (kind, name, region_code, synthetic) VALUES ($1, $2, $3, true) RETURNING id`, [kind, name, region])).id!;
  const demoUser = async (email: string) => one(`SELECT id, organisation_id FROM identity."user" WHERE email = $1`, [email]);

  const [gA, pX, eT1, reg, insp, adm] = await Promise.all(
    ['jeugdbeschermer', 'aanbieder', 'experttafel', 'regio', 'inspectie', 'beheer'].map((n) => demoUser(`${n}@demo.passend.nl`)),
  );
  const institutionA = gA!.organisation_id!;
  const institutionB = await organisation('certified_institution', 'Jeugdbescherming B (matrix)', 'JZ13');
  const providerY = await organisation('provider', 'Zorgaanbieder Y (matrix)', 'JZ22');
  const tableOrgT2 = await organisation('expert_table', 'Experttafel T2 (matrix)', 'JZ13');
  const userIds = {
    guardianA: gA!.id!,
    teamLeadA: await account(institutionA, 'teamleider-a@matrix.passend.nl', 'guardian'),
    guardianB: await account(institutionB, 'jeugdbeschermer-b@matrix.passend.nl', 'guardian'),
    providerX: pX!.id!,
    providerY: await account(providerY, 'aanbieder-y@matrix.passend.nl', 'provider_staff'),
    expertT1: eT1!.id!,
    expertT2: await account(tableOrgT2, 'expert-t2@matrix.passend.nl', 'expert_member'),
    regionOfficer: reg!.id!,
    inspection: insp!.id!,
    admin: adm!.id!,
  };
  await api.dataSource.query(`INSERT INTO cases.team_lead (institution_id, user_id) VALUES ($1, $2)`, [institutionA, userIds.teamLeadA]);
  const tokens: Record<ActorKey, string | undefined> = {
    guardianA: await api.tokenFor('guardian'),
    teamLeadA: await login('teamleider-a@matrix.passend.nl'),
    guardianB: await login('jeugdbeschermer-b@matrix.passend.nl'),
    providerX: await api.tokenFor('provider_staff'),
    providerY: await login('aanbieder-y@matrix.passend.nl'),
    expertT1: await api.tokenFor('expert_member'),
    expertT2: await login('expert-t2@matrix.passend.nl'),
    regionOfficer: await api.tokenFor('region_officer'),
    inspection: await login('inspectie@demo.passend.nl', 'passend-demo'),
    admin: await api.tokenFor('admin'),
    anonymous: undefined,
  };
  const t = tokens;

  // the social map: X with two offerings, Y with one
  await ok(http().put('/api/providers/me').set(as(t.providerX)).send({ name: 'Zorgaanbieder X (matrix)' }), 200);
  await ok(http().put('/api/providers/me').set(as(t.providerY)).send({ name: 'Zorgaanbieder Y (matrix)' }), 200);
  const locationOf = async (token: string | undefined) =>
    (await ok(http().post('/api/locations').set(as(token)).send({ name: 'Locatie Oudwijk', street: 'Oudwijk 12', postcode: '3581 JK', city: 'Utrecht', municipalityCode: 'GM0344', latitude: 52.0889, longitude: 5.1342 }), 201)).id as string;
  const offeringAt = async (token: string | undefined, locationId: string, name: string) =>
    (await ok(
      http()
        .post('/api/offerings')
        .set(as(token))
        .send({ locationId, name, categoryCode: '43', setting: 'residential', specialismCodes: [], minAge: 4, maxAge: 17, contractedRegionCodes: ['JZ22'], totalPlaces: 60, freePlaces: 50 }),
      201,
    )).id as string;
  const locationX = await locationOf(t.providerX);
  const offeringX = await offeringAt(t.providerX, locationX, 'Behandelgroep X');
  const offeringY = await offeringAt(t.providerY, await locationOf(t.providerY), 'Behandelgroep Y');

  // the expert tables: T1 for A's region (the demo expert), T2 elsewhere
  const tables = (await ok(http().get('/api/expert-tables').set(as(t.admin)), 200)) as { id: string; regionCode: string | null; memberIds: string[] }[];
  let tableT1 = tables.find((x) => x.regionCode === 'JZ22')?.id;
  if (!tableT1) tableT1 = (await ok(http().post('/api/expert-tables').set(as(t.admin)).send({ name: 'Experttafel T1 (matrix)', regionCode: 'JZ22', organisationId: eT1!.organisation_id }), 201)).id as string;
  if (!tables.find((x) => x.id === tableT1)?.memberIds.includes(userIds.expertT1)) await ok(http().post(`/api/expert-tables/${tableT1}/members`).set(as(t.admin)).send({ userId: userIds.expertT1 }), 201);
  const tableT2 = (await ok(http().post('/api/expert-tables').set(as(t.admin)).send({ name: 'Experttafel T2 (matrix)', regionCode: 'JZ13', organisationId: tableOrgT2 }), 201)).id as string;
  await ok(http().post(`/api/expert-tables/${tableT2}/members`).set(as(t.admin)).send({ userId: userIds.expertT2 }), 201);

  const reasons = (await ok(http().get('/api/cases/explanation-reasons').set(as(t.guardianA)), 200)) as { code: string }[];
  const explanationReason = reasons[0]!.code;

  // case A: the canary child, a late permanent guardian explained, the child's voice, a need in free text
  let rulingOffset = 40;
  const openCase = async (child: Record<string, string>) =>
    (await ok(
      http()
        .post('/api/cases')
        .set(as(t.guardianA))
        .send({ child: { ...child, homeMunicipalityCode: 'GM0344' }, measure: { kind: 'supervision_order', rulingDate: addDays(today, -rulingOffset++) } }),
      201,
    )).id as string;
  const canaryChild = { givenNames: c.givenNames, familyName: c.familyName, bsn: c.bsn, dateOfBirth: c.dateOfBirth };
  const caseA = await openCase(canaryChild);
  await ok(
    http()
      .post(`/api/cases/${caseA}/guardians`)
      .set(as(t.guardianA))
      .send({ guardianUserId: userIds.guardianA, kind: 'permanent', fromDate: today, explanation: { reasonCode: explanationReason, text: c.text.explanation } }),
    201,
  );
  await ok(http().post(`/api/cases/${caseA}/client-voice`).set(as(t.guardianA)).send({ speaker: 'child', statement: c.text.voice }), 201);
  const needOfA = async (measureId = caseA) => {
    const body = await ok(http().post(`/api/cases/${measureId}/needs`).set(as(t.guardianA)).send({ categoryCode: '43', urgency: 'urgent', notes: c.text.need }), 201);
    return (body.needs as { id: string }[]).at(-1)!.id;
  };
  const proposal = async (state: 'proposed' | 'offered' | 'accepted', measureId = caseA) => {
    const needId = await needOfA(measureId);
    const chosen = await ok(
      http().post(`/api/cases/${measureId}/proposals`).set(as(t.guardianA)).send({ needId, offeringId: offeringX, passedOverReason: 'other', note: c.text.proposalNote, offerNow: state !== 'proposed' }),
      201,
    );
    const proposalId = chosen.proposalId as string;
    if (state === 'accepted') await ok(http().post(`/api/proposals/${proposalId}/accept`).set(as(t.providerX)).send({ plannedStart: addDays(today, 7) }), 200);
    return { proposalId, needId };
  };
  const referral = async () => {
    const needId = await needOfA();
    return (await ok(http().post(`/api/cases/${caseA}/referrals`).set(as(t.guardianA)).send({ needId }), 201)).referralId as string;
  };
  const caseOfA = () => openCase(canaryChild);
  const hold = async () => {
    const measureId = await caseOfA();
    const placed = await ok(http().post(`/api/offerings/${offeringX}/holds`).set(as(t.guardianA)).send({ measureId, ttlHours: 24 }), 201);
    return placed.holdId as string;
  };
  let spare = 0;
  const fresh: Fresh = {
    caseOfA,
    needOfA,
    proposal,
    referral,
    hold,
    offeringOfX: () => offeringAt(t.providerX, locationX, 'Behandelgroep X (extra)'),
    async spareExpert(member) {
      const userId = await account(tableOrgT2, `reserve-${spare++}@matrix.passend.nl`, 'expert_member');
      if (member) await ok(http().post(`/api/expert-tables/${tableT2}/members`).set(as(t.admin)).send({ userId }), 201);
      return userId;
    },
    caseOfAWithOtherChild: () => openCase({ ...c.correctedChild }),
    bsn: nextBsn,
    async session(actor) {
      const known = credentials[actor];
      return known ? signIn(...known) : undefined;
    },
  };

  const proposalOffered = (await proposal('offered')).proposalId;
  const proposalAccepted = (await proposal('accepted')).proposalId;
  const referralT1 = await referral();
  const holdA = await hold();
  // a decision of T1 in free text, so the referral's view carries some
  await ok(
    http().post(`/api/expert-tables/${tableT1}/referrals/${await referral()}/decisions`).set(as(t.expertT1)).send({ kind: 'ask_information', rationale: c.text.rationale, familyView: c.text.familyView }),
    201,
  );
  await ok(
    http().post(`/api/expert-tables/${tableT1}/referrals/${referralT1}/decisions`).set(as(t.expertT1)).send({ kind: 'ask_information', rationale: c.text.rationale, familyView: c.text.familyView }),
    201,
  );
  // a declined proposal with a note, a started one with its explanation and the family's experience
  const declined = await proposal('offered');
  await ok(http().post(`/api/proposals/${declined.proposalId}/decline`).set(as(t.providerX)).send({ reasonCode: '7', note: c.text.declineNote }), 200);

  // the norm check writes A's notifications (the case's guardian and the team lead)
  await api.app.get(NormCheck).run();
  const caseNotificationA = (await one(`SELECT id FROM cases.notification WHERE recipient_user_id = $1 ORDER BY created_at LIMIT 1`, [userIds.guardianA])).id!;
  const matchingNotificationX = (await one(`SELECT id FROM matching.notification WHERE recipient_user_id = $1 ORDER BY created_at LIMIT 1`, [userIds.providerX])).id!;

  return {
    api,
    today,
    tokens,
    userIds,
    canaries: c,
    institutionA,
    institutionB,
    providerX: pX!.organisation_id!,
    providerY,
    locationX,
    offeringX,
    offeringY,
    tableT1,
    tableT2,
    caseA,
    proposalOffered,
    proposalAccepted,
    referralT1,
    holdA,
    caseNotificationA,
    matchingNotificationX,
    explanationReason,
    fresh,
    casesOfA: async () => ((await api.dataSource.query(`SELECT id FROM cases.measure WHERE institution_id = $1`, [institutionA])) as { id: string }[]).map((r) => r.id),
  };
}
