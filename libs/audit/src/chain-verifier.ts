import { Injectable, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ChainSealer } from './chain-sealer.js';
import { GENESIS_HASH, verifyChain, type ChainBreak, type ChainEntry } from './domain/hash-chain.js';

export interface ChainReport {
  intact: boolean;
  checked: number;
  lastSeq: string | null;
  lastHash: string;
  /**
   * The chain's head as the database keeps it (the last seq and hash written), to compare with
   * the log and to keep outside the database (printed by `npm run audit:verify`); null when this
   * connection may not read it.
   */
  head: { seq: string | null; hash: string } | null;
  /** entries not chained yet: written by transactions still open when the check began */
  unsealed: number;
  broken?: ChainBreak;
}

/**
 * Seals what can be sealed, then walks the whole chain in chain order (`chain_pos`), in batches,
 * and recomputes every hash.
 */
@Injectable()
export class ChainVerifier {
  private readonly sealer: ChainSealer;

  constructor(
    private readonly dataSource: DataSource,
    @Optional() sealer?: ChainSealer,
  ) {
    this.sealer = sealer ?? new ChainSealer(dataSource);
  }

  async verify(batchSize = 5000): Promise<ChainReport> {
    await this.sealer.sealNow();
    const [{ unsealed }] = (await this.dataSource.query(`SELECT count(*)::int AS unsealed FROM audit.access_log WHERE hash IS NULL`)) as [{ unsealed: number }];
    // ORDER BY the table's bigint chain_pos (`l.chain_pos`), never a text alias ('10' before '2').
    let previousHash = GENESIS_HASH;
    let after = '0';
    let checked = 0;
    let lastSeq: string | null = null;
    for (;;) {
      const rows = (await this.dataSource.query(
        `SELECT seq::text AS "seq",
                to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "occurredAt",
                user_id::text AS "userId", on_behalf_of AS "onBehalfOf", organisation_id::text AS "organisationId",
                role, action, subject_type AS "subjectType", subject_id AS "subjectId", purpose, outcome,
                client_address AS "clientAddress", correlation_id AS "correlationId", prev_hash AS "prevHash", hash,
                chain_pos::text AS "chainPos"
           FROM audit.access_log l WHERE l.chain_pos > $1::bigint ORDER BY l.chain_pos LIMIT $2`,
        [after, batchSize],
      )) as (ChainEntry & { chainPos: string })[];
      if (rows.length === 0) break;
      const result = verifyChain(rows, previousHash);
      checked += result.checked;
      if (result.broken) return { intact: false, checked, lastSeq, lastHash: result.lastHash, head: await this.head(), unsealed, broken: result.broken };
      previousHash = result.lastHash;
      lastSeq = rows[rows.length - 1]!.seq;
      after = rows[rows.length - 1]!.chainPos;
    }
    // the newest entries removed leave an intact but shorter chain: the head still names the last one written
    const head = await this.head();
    if (head && (head.hash !== previousHash || head.seq !== lastSeq)) {
      return { intact: false, checked, lastSeq, lastHash: previousHash, head, unsealed, broken: { seq: head.seq ?? '0', reason: 'head_mismatch' } };
    }
    return { intact: true, checked, lastSeq, lastHash: previousHash, head, unsealed };
  }

  private async head(): Promise<ChainReport['head']> {
    try {
      const [row] = (await this.dataSource.query(`SELECT seq::text AS seq, hash FROM audit.access_log_head WHERE id = 1`)) as { seq: string | null; hash: string }[];
      return row ?? null;
    } catch {
      return null; // the application role has no rights on the head: only the owner's verify compares it
    }
  }
}
