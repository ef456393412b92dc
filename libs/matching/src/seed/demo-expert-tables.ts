import { activeAccountIdsByEmail, DEMO_ACCOUNTS, DEMO_ORGANISATIONS, findSyntheticOrganisations } from '@passend/identity';
import type { EntityManager } from 'typeorm';

/**
 * The demo's expert tables: the Utrecht table (region JZ22, the demo expert-table organisation,
 * with the demo expert as member) escalating to a supra-regional network. Idempotent.
 */
export async function seedDemoExpertTables(manager: EntityManager): Promise<{ tables: number }> {
  const demoTable = DEMO_ORGANISATIONS.find((o) => o.kind === 'expert_table')!;
  const demoExpert = DEMO_ACCOUNTS.find((a) => a.organisation === demoTable.key && a.role === 'expert_member')!;
  const [org] = await findSyntheticOrganisations(manager, [demoTable.name]);
  if (!org) return { tables: 0 };
  const [expertId] = await activeAccountIdsByEmail(manager, [demoExpert.email], org.id, 'expert_member');
  if (!expertId) return { tables: 0 };
  const rows = (await manager.query(
    `WITH supra AS (
       INSERT INTO matching.expert_table (name, region_code) VALUES ('Bovenregionaal expertisenetwerk Midden-Nederland (synthetisch)', NULL)
       ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id),
     regional AS (
       INSERT INTO matching.expert_table (name, region_code, escalates_to, organisation_id)
       SELECT $3, 'JZ22', supra.id, $1::uuid FROM supra
       ON CONFLICT (name) DO UPDATE SET escalates_to = EXCLUDED.escalates_to RETURNING id)
     INSERT INTO matching.expert_table_member (table_id, user_id)
     SELECT id, $2::uuid FROM regional UNION ALL SELECT id, $2::uuid FROM supra
     ON CONFLICT DO NOTHING RETURNING table_id`,
    [org.id, expertId, demoTable.name],
  )) as { table_id: string }[];
  return { tables: rows.length };
}
