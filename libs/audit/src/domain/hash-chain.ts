import { createHash } from 'node:crypto';

/**
 * One NEN 7513 access-log entry as the hash chain sees it: every field as text (or null), in a
 * fixed order. The database computes the same form in its insert trigger; `verifyChain` recomputes
 * it independently, so an edited, inserted or removed row breaks the chain from that row on.
 */
export interface ChainEntry {
  seq: string;
  occurredAt: string; // UTC, YYYY-MM-DDTHH:MM:SS.mmmZ
  userId: string | null;
  onBehalfOf: string | null;
  organisationId: string | null;
  role: string | null;
  action: string;
  subjectType: string;
  subjectId: string | null;
  purpose: string;
  outcome: string;
  clientAddress: string | null;
  correlationId: string | null;
  prevHash: string;
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

/** Length-prefixed (in UTF-8 bytes) so no value can imitate a field boundary; null is `~`. */
function field(value: string | null): string {
  return value === null ? '~' : `${Buffer.byteLength(value, 'utf8')}:${value}`;
}

export function canonicalForm(e: Omit<ChainEntry, 'hash'>): string {
  return (
    e.prevHash +
    [e.seq, e.occurredAt, e.userId, e.onBehalfOf, e.organisationId, e.role, e.action, e.subjectType, e.subjectId, e.purpose, e.outcome, e.clientAddress, e.correlationId]
      .map(field)
      .join('')
  );
}

export function entryHash(e: Omit<ChainEntry, 'hash'>): string {
  return createHash('sha256').update(canonicalForm(e), 'utf8').digest('hex');
}

/**
 * Where the chain breaks: an entry changed in place (content_altered), an entry removed or
 * inserted before it (link_broken), or the newest entries removed, so that the log ends before the
 * chain's head says it does (head_mismatch; `seq` is then the head's seq).
 */
export type ChainBreak = { seq: string; reason: 'content_altered' | 'link_broken' | 'head_mismatch' };

/**
 * Checks a run of consecutive entries (ordered by seq) that follows `previousHash`. Returns the
 * first break, or undefined when the run is intact.
 */
export function verifyChain(entries: Iterable<ChainEntry>, previousHash: string = GENESIS_HASH): { lastHash: string; checked: number; broken?: ChainBreak } {
  let last = previousHash;
  let checked = 0;
  for (const entry of entries) {
    if (entry.prevHash !== last) return { lastHash: last, checked, broken: { seq: entry.seq, reason: 'link_broken' } };
    if (entryHash(entry) !== entry.hash) return { lastHash: last, checked, broken: { seq: entry.seq, reason: 'content_altered' } };
    last = entry.hash;
    checked++;
  }
  return { lastHash: last, checked };
}
