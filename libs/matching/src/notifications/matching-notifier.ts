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

  async notify(manager: EntityManager, kind: MatchingNotificationKind, subject: { proposalId?: string; referralId?: string }, ...audiences: Audience[]): Promise<number> {
    const recipients = new Set<string>();
    for (const a of audiences) for (const id of await this.recipients(manager, a)) recipients.add(id);
    if (!recipients.size) return 0;
    const rows = (await manager.query(
      `INSERT INTO matching.notification (recipient_user_id, kind, proposal_id, referral_id)
       SELECT r, $2, $3, $4 FROM unnest($1::uuid[]) AS r
       ON CONFLICT ON CONSTRAINT notification_once_uq DO NOTHING RETURNING id`,
      [[...recipients], kind, subject.proposalId ?? null, subject.referralId ?? null],
    )) as { id: string }[];
    return rows.length;
  }

  /** One kind of notification about many proposals, each to its case's guardians: one lookup, one insert. */
  async notifyGuardiansOfMany(manager: EntityManager, kind: MatchingNotificationKind, items: readonly { proposalId: string; measureId: string }[]): Promise<number> {
    if (!items.length) return 0;
    const guardians = await this.cases.guardianIdsOfMany([...new Set(items.map((i) => i.measureId))], manager);
    const recipients: string[] = [];
    const proposals: string[] = [];
    for (const item of items) {
      for (const user of guardians.get(item.measureId) ?? []) {
        recipients.push(user);
        proposals.push(item.proposalId);
      }
    }
    if (!recipients.length) return 0;
    const rows = (await manager.query(
      `INSERT INTO matching.notification (recipient_user_id, kind, proposal_id)
       SELECT r, $3, p FROM unnest($1::uuid[], $2::uuid[]) AS t(r, p)
       ON CONFLICT ON CONSTRAINT notification_once_uq DO NOTHING RETURNING id`,
      [recipients, proposals, kind],
    )) as { id: string }[];
    return rows.length;
  }

  /** One kind of notification about many referrals, each to the members of its table. */
  async notifyMembersOfMany(manager: EntityManager, kind: MatchingNotificationKind, items: readonly { referralId: string; tableId: string }[]): Promise<number> {
    if (!items.length) return 0;
    const members = (await manager.query(`SELECT table_id AS "tableId", user_id AS "userId" FROM matching.expert_table_member WHERE table_id = ANY($1::uuid[])`, [
      [...new Set(items.map((i) => i.tableId))],
    ])) as { tableId: string; userId: string }[];
    const recipients: string[] = [];
    const referrals: string[] = [];
    for (const item of items) {
      for (const m of members) {
        if (m.tableId !== item.tableId) continue;
        recipients.push(m.userId);
        referrals.push(item.referralId);
      }
    }
    if (!recipients.length) return 0;
    const rows = (await manager.query(
      `INSERT INTO matching.notification (recipient_user_id, kind, referral_id)
       SELECT r, $3, f FROM unnest($1::uuid[], $2::uuid[]) AS t(r, f)
       ON CONFLICT ON CONSTRAINT notification_once_uq DO NOTHING RETURNING id`,
      [recipients, referrals, kind],
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
