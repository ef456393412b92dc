import { describe, expect, it } from '@jest/globals';
import { canonicalForm, entryHash, GENESIS_HASH, verifyChain, type ChainEntry } from './hash-chain.js';

function chain(n: number): ChainEntry[] {
  const entries: ChainEntry[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const base = {
      seq: String(i), occurredAt: `2026-11-28T10:00:0${i % 10}.000Z`, userId: 'u-1', onBehalfOf: null,
      organisationId: 'o-1', role: 'guardian', action: 'read', subjectType: 'case', subjectId: `c-${i}`,
      purpose: 'care', outcome: 'success', clientAddress: '10.0.0.1', correlationId: `corr-${i}`, prevHash: prev,
    };
    const entry = { ...base, hash: entryHash(base) };
    entries.push(entry);
    prev = entry.hash;
  }
  return entries;
}

describe('the audit hash chain', () => {
  it('accepts an untouched chain', () => {
    const entries = chain(5);
    expect(verifyChain(entries)).toEqual({ lastHash: entries[4]!.hash, checked: 5 });
  });

  it('finds an edited field at the edited row', () => {
    const entries = chain(5);
    entries[2] = { ...entries[2]!, subjectId: 'c-999' };
    expect(verifyChain(entries).broken).toEqual({ seq: '3', reason: 'content_altered' });
  });

  it('finds a removed row at the row after it', () => {
    const entries = chain(5);
    entries.splice(1, 1);
    expect(verifyChain(entries).broken).toEqual({ seq: '3', reason: 'link_broken' });
  });

  it('finds a row whose hash was recomputed after an edit, at the next row', () => {
    const entries = chain(4);
    const edited = { ...entries[1]!, outcome: 'denied' };
    entries[1] = { ...edited, hash: entryHash(edited) };
    expect(verifyChain(entries).broken).toEqual({ seq: '3', reason: 'link_broken' });
  });

  it('tells a null from an empty string and cannot be fooled by shifting text between fields', () => {
    const a = chain(1)[0]!;
    expect(canonicalForm({ ...a, onBehalfOf: null })).not.toBe(canonicalForm({ ...a, onBehalfOf: '' }));
    expect(canonicalForm({ ...a, action: 'read', subjectType: 'case' })).not.toBe(canonicalForm({ ...a, action: 'readc', subjectType: 'ase' }));
  });
});
