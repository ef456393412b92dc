import { describe, expect, it } from '@jest/globals';
import { SPECIALISM_SEED } from '../domain/taxonomy.js';
import { meiliSynonyms, normaliseText, searchTerms, synonymGroups, tokenise } from './search-terms.js';

const groups = synonymGroups(SPECIALISM_SEED);

describe('search terms', () => {
  it('normalises case and accents like unaccent(lower())', () => {
    expect(normaliseText('  Crèche  ÉÉN   Ruïne ')).toBe('creche een ruine');
  });

  it('drops Dutch stop words and punctuation, keeps hyphenated words', () => {
    expect(tokenise('De jeugd-ggz, voor een kind van 12!')).toEqual(['jeugd-ggz', 'kind', '12']);
    expect(tokenise('de het een')).toEqual([]);
  });

  it('merges groups that share a term: the fixed Dutch ones and the specialisms', () => {
    const foster = groups.find((g) => g.includes('pleegzorg'))!;
    expect(foster).toEqual(expect.arrayContaining(['pleegzorg', 'pleeggezin', 'pleegouders']));
    const mental = groups.find((g) => g.includes('ggz'))!;
    expect(mental).toEqual(expect.arrayContaining(['geestelijke gezondheidszorg', 'jeugd-ggz', 'psychiatrie']));
    const secure = groups.find((g) => g.includes('gesloten'))!;
    expect(secure).toEqual(expect.arrayContaining(['jeugdzorgplus', 'gesloten jeugdzorg', 'jzp']));
    // a term belongs to one group only
    const all = groups.flat();
    expect(new Set(all).size).toBe(all.length);
  });

  it('leaves out labels that are no typable term (slashes, brackets, long phrases)', () => {
    expect(groups.flat()).not.toContain('moeder-kindhulp / ouder-kindzorg');
    expect(groups.flat().some((t) => t.includes('('))).toBe(false);
  });

  it('makes mutual Meilisearch synonyms', () => {
    const synonyms = meiliSynonyms([['a', 'b', 'c d']]);
    expect(synonyms).toEqual({ a: ['b', 'c d'], b: ['a', 'c d'], 'c d': ['a', 'b'] });
  });

  it('splits a query into terms, a synonym phrase counting as one', () => {
    const terms = searchTerms('Geestelijke gezondheidszorg in Utrecht, utrecht', groups);
    expect(terms.map((t) => t.text)).toEqual(['geestelijke gezondheidszorg', 'utrecht']);
    expect(terms[0]!.alternatives).toEqual(expect.arrayContaining(['ggz', 'jeugd-ggz']));
    expect(terms[1]!.alternatives).toEqual([]);
  });

  it('caps the number of terms and gives none for empty text', () => {
    expect(searchTerms('a1 b2 c3 d4 e5 f6 g7 h8 i9 j10', [])).toHaveLength(8);
    expect(searchTerms(undefined, groups)).toEqual([]);
    expect(searchTerms('  ', groups)).toEqual([]);
  });
});

describe('typos', () => {
  it('counts substitutions, insertions, deletions and swapped neighbours as one typo each', async () => {
    const { typoDistance } = await import('./search-terms.js');
    expect(typoDistance('pleegzorg', 'pleegzorg')).toBe(0);
    expect(typoDistance('pleegzrog', 'pleegzorg')).toBe(1);
    expect(typoDistance('traumabehandelign', 'traumabehandeling')).toBe(1);
    expect(typoDistance('gesloten', 'besloten')).toBe(1);
    expect(typoDistance('utrect', 'utrecht')).toBe(1);
    expect(typoDistance('abc', 'xyzxyz', 2)).toBe(3);
    expect(typoDistance('kinderen', 'kinderrechter', 2)).toBe(3);
  });

  it('allows one typo from 4 letters, two from 8 (as Meilisearch is set)', async () => {
    const { typoBudget, typoCorrections } = await import('./search-terms.js');
    expect([typoBudget('ggz'), typoBudget('lvb1'), typoBudget('pleegzrg'), typoBudget('traumabehandelign')]).toEqual([0, 1, 2, 2]);
    expect(typoCorrections('pleegzrog', ['pleegzorg', 'pleeggezin', 'pleegzorg', 'utrecht'])).toEqual(['pleegzorg']);
    expect(typoCorrections('gamen', ['samen', 'gamen', 'namen', 'de'])).toEqual(['namen', 'samen']);
    expect(typoCorrections('ggz', ['ggd'])).toEqual([]);
  });
});
