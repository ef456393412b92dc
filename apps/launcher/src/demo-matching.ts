import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '@passend/identity';
import type { Role } from '@passend/platform';

/**
 * The demo's first matching, done the way its users would, through the api: the first
 * national run (every waiting child, across regions), then the demo guardian offers a few
 * children to the demo provider (so its inbox has proposals to answer) and asks the expert
 * table to look at two cases (so the table has a queue). Each step is skipped when it was done
 * before, so a restart adds nothing.
 */
export interface DemoMatchingReport {
  run: { children: number; placed: number; proposalsCreated: number; optimal: boolean; durationMs: number } | null;
  offered: number;
  referred: number;
}

interface Option {
  offeringId: string;
  providerId: string;
}

export async function prepareDemoMatching(origin: string): Promise<DemoMatchingReport> {
  const tokens = new Map<Role, string>();
  const token = async (role: Role): Promise<string> => {
    if (!tokens.has(role)) {
      const account = DEMO_ACCOUNTS.find((a) => a.role === role)!;
      const res = await call<{ accessToken: string }>(origin, undefined, 'POST', '/api/auth/login', { email: account.email, password: DEMO_PASSWORD });
      tokens.set(role, res.accessToken);
    }
    return tokens.get(role)!;
  };

  const run = await call<DemoMatchingReport['run'] & object>(origin, await token('admin'), 'POST', '/api/matching/runs', { scope: 'national' });

  const guardian = await token('guardian');
  const provider = await token('provider_staff');
  const inbox = await call<unknown[]>(origin, provider, 'GET', '/api/provider/proposals');
  const me = await call<{ organisationId: string }>(origin, provider, 'GET', '/api/auth/me');
  const cases = await call<{ items: { id: string }[] }>(origin, guardian, 'GET', '/api/cases?perPage=100');
  let offered = 0;
  let referred = 0;
  const tables = await call<{ id: string }[]>(origin, await token('expert_member'), 'GET', '/api/expert-tables');
  const queue = tables[0] ? await call<unknown[]>(origin, await token('expert_member'), 'GET', `/api/expert-tables/${tables[0].id}/queue`) : [];
  const wantOffers = inbox.length === 0 ? 3 : 0;
  const wantReferrals = tables[0] && queue.length === 0 ? 2 : 0;

  for (const c of cases.items) {
    if (offered >= wantOffers && referred >= wantReferrals) break;
    const matching = await call<{ waitingNeeds: { needId: string; best: Option | null; alternatives: Option[] }[]; proposals: { needId: string; state: string }[] }>(origin, guardian, 'GET', `/api/cases/${c.id}/matching`);
    for (const need of matching.waitingNeeds) {
      const busy = matching.proposals.some((p) => p.needId === need.needId && ['in_review', 'offered', 'accepted'].includes(p.state));
      if (busy) continue;
      const atDemoProvider = [need.best, ...need.alternatives].find((o): o is Option => !!o && o.providerId === me.organisationId);
      if (atDemoProvider && offered < wantOffers) {
        await call(origin, guardian, 'POST', `/api/cases/${c.id}/proposals`, { needId: need.needId, offeringId: atDemoProvider.offeringId, passedOverReason: 'continuity', offerNow: true });
        offered++;
      } else if (referred < wantReferrals) {
        await call(origin, guardian, 'POST', `/api/cases/${c.id}/referrals`, { needId: need.needId });
        referred++;
      }
      break;
    }
  }
  return { run, offered, referred };
}

async function call<T>(origin: string, token: string | undefined, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${origin}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}
