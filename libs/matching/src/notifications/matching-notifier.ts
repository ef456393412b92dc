import { Injectable } from '@nestjs/common';
import { CaseDirectory } from '@passend/cases';
import { UserDirectory } from '@passend/identity';
import type { EntityManager } from 'typeorm';

export type MatchingNotificationKind =
  | 'proposal_new'
  | 'proposal_offered'
  | 'proposal_accepted'
  | 'proposal_declined'
  | 'proposal_withdrawn'
  | 'hold_expiring'
  | 'referral_new'
  | 'referral_decided';

/** Who hears about what. */
export type Audience = { guardiansOf: string } | { staffOf: string } | { membersOf: string };

/**
 * Writes matching's notifications in the caller's transaction: they exist when the change does.
 * Recipients come through the ports (the case's guardians from cases, a provider's staff from
 * identity, a table's members from matching's own table); one row per recipient and event.
 */
@Injectable()
export class MatchingNotifier {
  constructor(
    private readonly cases: CaseDirectory,
    private readonly users: UserDirectory,
  ) {}

  /** About one proposal or one referral, to everyone in the audiences (each once). */
  async notify(manager: EntityManager, kind: MatchingNotificationKind, subject: { proposalId: string } | { referralId: string }, ...audiences: Audience[]): Promise<number> {
    const recipients = new Set<string>();
    for (const a of audiences) for (const id of await this.recipients(manager, a)) recipients.add(id);
    const [column, id] = 'proposalId' in subject ? (['proposal_id', subject.proposalId] as const) : (['referral_id', subject.referralId] as const);
    return this.insertMany(manager, kind, column, [...recipients].map((r) => [r, id] as const));
  }

  /** One kind of notification about many proposals, each to its case's guardians: one lookup, one insert. */
  async notifyGuardiansOfMany(manager: EntityManager, kind: MatchingNotificationKind, items: readonly { proposalId: string; measureId: string }[]): Promise<number> {
    if (!items.length) return 0;
    const guardians = await this.cases.guardianIdsOfMany([...new Set(items.map((i) => i.measureId))], manager);
    return this.insertMany(manager, kind, 'proposal_id', items.flatMap((i) => (guardians.get(i.measureId) ?? []).map((user) => [user, i.proposalId] as const)));
  }

  /** One kind of notification about many referrals, each to the members of its table. */
  async notifyMembersOfMany(manager: EntityManager, kind: MatchingNotificationKind, items: readonly { referralId: string; tableId: string }[]): Promise<number> {
    if (!items.length) return 0;
    const members = (await manager.query(`SELECT table_id AS "tableId", user_id AS "userId" FROM matching.expert_table_member WHERE table_id = ANY($1::uuid[])`, [
      [...new Set(items.map((i) => i.tableId))],
    ])) as { tableId: string; userId: string }[];
    return this.insertMany(manager, kind, 'referral_id', items.flatMap((i) => members.filter((m) => m.tableId === i.tableId).map((m) => [m.userId, i.referralId] as const)));
  }

  /** [recipient, subject] pairs in one statement; a pair told before is not told again. */
  private async insertMany(manager: EntityManager, kind: MatchingNotificationKind, subject: 'proposal_id' | 'referral_id', pairs: readonly (readonly [string, string])[]): Promise<number> {
    if (!pairs.length) return 0;
    const rows = (await manager.query(
      `INSERT INTO matching.notification (recipient_user_id, kind, ${subject})
       SELECT r, $3, s FROM unnest($1::uuid[], $2::uuid[]) AS t(r, s)
       ON CONFLICT ON CONSTRAINT notification_once_uq DO NOTHING RETURNING id`,
      [pairs.map(([r]) => r), pairs.map(([, s]) => s), kind],
    )) as { id: string }[];
    return rows.length;
  }

  private async recipients(manager: EntityManager, audience: Audience): Promise<string[]> {
    if ('guardiansOf' in audience) return this.cases.guardianIds(audience.guardiansOf, manager);
    if ('staffOf' in audience) return this.users.activeUserIds(audience.staffOf, 'provider_staff', manager);
    const rows = (await manager.query(`SELECT user_id FROM matching.expert_table_member WHERE table_id = $1`, [audience.membersOf])) as { user_id: string }[];
    return rows.map((r) => r.user_id);
  }
}
