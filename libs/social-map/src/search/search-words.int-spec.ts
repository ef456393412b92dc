import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { createTestDatabase, type TestDatabase } from '@passend/testing';
import { DataSource } from 'typeorm';
import { passendDataSourceOptions } from '../../../../apps/shared/data-source.js';
import { SearchWords1795800000410 } from '../migrations/1795800000410-SearchWords.js';
import { insertSearchFixtures, offeringId, OFFERINGS, SEARCH_NOW } from './offering-search.fixtures.js';
import type { OfferingSearchQuery } from './offering-search.js';
import { PostgresOfferingSearch, typoSimilarity } from './postgres-offering-search.js';
import { DUTCH_STOP_WORDS, typoBudget, typoDistance } from './search-terms.js';
import { refreshSearchText } from './search-text.js';

/**
 * The PostgreSQL engine's typo dictionary (social_map.search_word): filled by the migration, kept
 * by refreshSearchText, and what the typo path reads instead of the offerings' texts.
 */
describe('typo dictionary of the PostgreSQL search', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let engine: PostgresOfferingSearch;
  const base: OfferingSearchQuery = { sort: 'relevance', page: 1, perPage: 50 };
  const search = (query: Partial<OfferingSearchQuery>) => engine.search({ ...base, ...query }, SEARCH_NOW);
  const ids = async (query: Partial<OfferingSearchQuery>) => (await search(query)).hits.map((h) => h.offeringId).sort();

  const dictionary = async (): Promise<Map<string, number>> => {
    const rows = (await dataSource.query(`SELECT word, offerings FROM social_map.search_word ORDER BY word`)) as { word: string; offerings: number }[];
    return new Map(rows.map((r) => [r.word, r.offerings]));
  };
  /** active offerings whose search_text has the word (a whole word or part of a hyphenated one, any case) */
  const offeringsWith = async (word: string): Promise<number> => {
    const [row] = (await dataSource.query(`SELECT count(*)::int AS n FROM social_map.offering WHERE active AND search_text ~* ('(^|[^[:alnum:]])' || $1 || '($|[^[:alnum:]])')`, [word])) as { n: number }[];
    return row!.n;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = new DataSource(passendDataSourceOptions({ databaseUrl: db.url }, 'passend-test-search-words'));
    await dataSource.initialize();
    await insertSearchFixtures(dataSource);
    engine = new PostgresOfferingSearch(dataSource);
  }, 60_000);

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('holds every word of the active offerings once per offering; no stop words, no short words, none of an inactive offering only', async () => {
    const words = await dictionary();
    for (const word of ['pleegzorg', 'behandeling', 'jongeren', 'utrecht', 'zeppelin']) expect(words.get(word)).toBe(await offeringsWith(word));
    expect(words.get('zeppelin')).toBe(1);
    expect(words.get('pleegzorg')).toBeGreaterThan(1);
    // a hyphenated word whole and as its parts, unaccented and in lower case
    expect(words.get('moeder-kindhuis')).toBe(1);
    expect(words.get('kindhuis')).toBe(1);
    expect(words.has('xylofoon')).toBe(false); // only in the inactive offering
    for (const word of words.keys()) {
      expect(word).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(word.length).toBeGreaterThanOrEqual(3);
      expect(DUTCH_STOP_WORDS).not.toContain(word);
    }
  });

  it('is what migration SearchWords fills in from existing offerings (down and up again: the same words and counts)', async () => {
    const before = await dictionary();
    const runner = dataSource.createQueryRunner();
    try {
      const migration = new SearchWords1795800000410();
      await migration.down(runner);
      await migration.up(runner);
    } finally {
      await runner.release();
    }
    expect(await dictionary()).toEqual(before);
    expect(before.size).toBeGreaterThan(50);
  });

  it('follows text changes: words gained count up, words lost count down; a reindex recounts exactly', async () => {
    const providerId = OFFERINGS.find((o) => o.id === offeringId(8))!.providerId;
    const before = await dictionary();
    expect(before.get('maasland')).toBe(1);
    expect(before.has('kempenland')).toBe(false);
    await dataSource.query(`UPDATE social_map.provider SET name = 'Gezinshuizen Kempenland' WHERE id = $1`, [providerId]);
    expect(await dataSource.transaction((m) => refreshSearchText(m, [offeringId(8)]))).toBe(1);
    let words = await dictionary();
    expect(words.get('kempenland')).toBe(1);
    expect(words.get('maasland')).toBe(0); // kept at 0 until a reindex; the search ignores it
    expect(words.get('gezinshuizen')).toBe(before.get('gezinshuizen')); // in the old and the new text
    // nothing rewritten, nothing counted twice
    expect(await dataSource.transaction((m) => refreshSearchText(m, [offeringId(8)]))).toBe(0);
    expect(await dictionary()).toEqual(words);

    // deactivating leaves the counts stale (refreshSearchText is not called); a reindex makes them exact
    await dataSource.query(`UPDATE social_map.offering SET active = false WHERE id = $1`, [offeringId(14)]);
    expect((await dictionary()).get('zeppelin')).toBe(1);
    await engine.reindexAll();
    words = await dictionary();
    expect(words.has('zeppelin')).toBe(false);
    expect(words.has('maasland')).toBe(false);
    expect(words.get('kempenland')).toBe(1);
    expect(words.get('pleegzorg')).toBe(await offeringsWith('pleegzorg'));
    await dataSource.query(`UPDATE social_map.offering SET active = true WHERE id = $1`, [offeringId(14)]);
    await engine.reindexAll();
    expect((await dictionary()).get('zeppelin')).toBe(1);
  });

  it('corrects a typo to the words with the fewest typos: dgbehandeling is dagbehandeling, not behandeling', async () => {
    const words = await dictionary();
    expect(words.has('dagbehandeling')).toBe(true);
    expect(words.has('behandeling')).toBe(true); // two typos away, within the budget of a 13-letter word
    expect(await ids({ text: 'dgbehandeling' })).toEqual(await ids({ text: 'dagbehandeling' }));
    expect(await ids({ text: 'dgbehandeling' })).toContain(offeringId(4));
    expect(await ids({ text: 'dgbehandeling' })).not.toContain(offeringId(10)); // behandeling, no dagbehandeling
    expect(await ids({ text: 'zepelin' })).toEqual([offeringId(14)]);
    // a swap in a 4-letter word leaves one trigram of five in common (similarity 1/9)
    expect(await ids({ text: 'ahdd' })).toContain(offeringId(9));
    // too short for a typo
    expect((await search({ text: 'lvx' })).total).toBe(0);
  });

  it('looks typos up at a similarity that no typo within the budget falls below', async () => {
    const variants = (w: string): string[] => {
      const out = new Set<string>();
      for (let i = 0; i < w.length; i++) {
        out.add(w.slice(0, i) + w.slice(i + 1));
        out.add(w.slice(0, i) + w[i] + w.slice(i));
        if (i < w.length - 1) out.add(w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2));
        for (const c of 'aeiouxz') {
          out.add(w.slice(0, i) + c + w.slice(i + 1));
          out.add(w.slice(0, i) + c + w.slice(i));
        }
      }
      return [...out].filter((v) => v !== w && typoBudget(v) > 0);
    };
    const pairs: [string, string, number][] = [];
    for (const word of ['adhd', 'angst', 'ambulant', 'zeppelin', 'jeugdzorgplus', 'traumabehandeling']) {
      for (const once of variants(word)) {
        pairs.push([word, once, 1]);
        // two typos from 10 letters (in 8 or 9, two swaps at the ends can leave 1 trigram of 9 in common)
        if (once.length >= 10) for (const twice of variants(once).filter((_, i) => i % 5 === 0)) if (typoDistance(twice, word) === 2 && twice.length >= 10) pairs.push([word, twice, 2]);
      }
    }
    const rows = (await dataSource.query(`SELECT similarity(a, b) AS s FROM unnest($1::text[], $2::text[]) AS t(a, b)`, [
      pairs.map(([word]) => word),
      pairs.map(([, typo]) => typo),
    ])) as { s: number }[];
    const below = pairs.filter(([, typo, typos], i) => rows[i]!.s < typoSimilarity(typo, typos));
    expect(pairs.filter(([, , typos]) => typos === 2).length).toBeGreaterThan(100);
    expect(pairs.length).toBeGreaterThan(500);
    expect(below).toEqual([]);
  });

  it('takes a known word for no typo: a search that finds nothing for other reasons runs once', async () => {
    const spy = jest.spyOn(dataSource, 'query');
    try {
      const runs = () => spy.mock.calls.filter(([sql]) => String(sql).includes('WITH f AS MATERIALIZED')).length;
      // (a word without synonyms: a term with synonyms never takes the typo path)
      expect((await search({ text: 'zeppelin', secureCare: true })).total).toBe(0);
      expect(runs()).toBe(1);
      spy.mockClear();
      // the last word typed as the start of a known word (a prefix) is no typo either, though zeppelin is one typo away
      expect((await search({ text: 'zeppeli', secureCare: true })).total).toBe(0);
      expect(runs()).toBe(1);
      spy.mockClear();
      // an unknown word is looked up and, corrected, searched again
      expect((await search({ text: 'pleegzrog' })).total).toBeGreaterThan(0);
      expect(runs()).toBe(2);
    } finally {
      spy.mockRestore();
    }
  });
});
