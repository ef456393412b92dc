import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The dictionary the PostgreSQL search corrects typos against: every word of the active offerings'
 * search_text (split as search-terms.ts splits a query: lower case, unaccented, on everything but
 * letters, digits and hyphens; a hyphenated word also as its parts; 3 to 60 characters; no stop
 * words) and in how many active offerings it occurs.
 * A query word that is not in it may be a typo; the trigram index finds the words it may stand for
 * (a few thousand short words instead of 20,000 texts of 600 characters).
 *
 * Filled here from the existing offerings; refreshSearchText (search-text.ts) keeps it current
 * with the same statement as below. The trigram index on the offerings' texts, used only by the
 * former typo path, goes: every write of search_text paid for it. And the full-text vector stays
 * in the row (below).
 */
/** the stop words as search-terms.ts had them when this migration was written (a migration must not change later) */
const STOP_WORDS_AT_MIGRATION: readonly string[] = [
  'aan', 'al', 'alles', 'als', 'altijd', 'andere', 'ben', 'bij', 'daar', 'dan', 'dat', 'de', 'der', 'deze', 'die', 'dit',
  'doch', 'doen', 'door', 'dus', 'een', 'eens', 'en', 'er', 'ge', 'geen', 'geweest', 'haar', 'had', 'heb', 'hebben',
  'heeft', 'hem', 'het', 'hier', 'hij', 'hoe', 'hun', 'iemand', 'iets', 'ik', 'in', 'is', 'ja', 'je', 'kan', 'kon',
  'kunnen', 'maar', 'me', 'meer', 'men', 'met', 'mij', 'mijn', 'moet', 'na', 'naar', 'niet', 'niets', 'nog', 'nu', 'of',
  'om', 'omdat', 'onder', 'ons', 'ook', 'op', 'over', 'reeds', 'te', 'tegen', 'toch', 'toen', 'tot', 'u', 'uit', 'uw',
  'van', 'veel', 'voor', 'want', 'waren', 'was', 'wat', 'werd', 'wezen', 'wie', 'wil', 'worden', 'wordt', 'zal', 'ze',
  'zelf', 'zich', 'zij', 'zijn', 'zo', 'zonder', 'zou',
];

export class SearchWords1795800000410 implements MigrationInterface {
  name = 'SearchWords1795800000410';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX social_map.offering_search_trgm_idx`);
    // Keep the full-text vector in the row: with the default (EXTENDED) a row of ~2 kB had its
    // search_vector moved out to TOAST, and every @@ and ts_rank fetched it from there (a text
    // search read ~6x the table's pages). MAIN moves search_text and description_nl out first. The
    // UPDATE rewrites the rows so that existing ones are stored so too (the generated column is
    // recomputed); the dead versions it leaves are reused by later writes (VACUUM FULL compacts).
    await q.query(`ALTER TABLE social_map.offering ALTER COLUMN search_vector SET STORAGE MAIN`);
    await q.query(`UPDATE social_map.offering SET search_text = search_text`);

    await q.query(`CREATE TABLE social_map.search_word (
      word varchar(60) NOT NULL,
      offerings int NOT NULL DEFAULT 0,
      CONSTRAINT search_word_pk PRIMARY KEY (word)
    )`);
    await q.query(`CREATE INDEX search_word_trgm_idx ON social_map.search_word USING gin (word gin_trgm_ops)`);
    // the words as searchWords() in search-text.ts takes them, copied as they were at this migration (a migration must not change later)
    await q.query(
      `INSERT INTO social_map.search_word (word, offerings)
       SELECT w.lexeme, count(*)::int
         FROM social_map.offering o
        CROSS JOIN LATERAL unnest(to_tsvector('simple'::regconfig, regexp_replace(social_map.immutable_unaccent(o.search_text), '[^[:alnum:]-]+', ' ', 'g'))) AS w
        WHERE o.active
          AND length(w.lexeme) BETWEEN 3 AND 60 AND w.lexeme ~ '^[[:alnum:]]+(-[[:alnum:]]+)*$' AND w.lexeme <> ALL($1::text[])
        GROUP BY w.lexeme`,
      [STOP_WORDS_AT_MIGRATION],
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE social_map.search_word`);
    await q.query(`ALTER TABLE social_map.offering ALTER COLUMN search_vector SET STORAGE EXTENDED`);
    await q.query(`CREATE INDEX offering_search_trgm_idx ON social_map.offering USING gin (social_map.immutable_unaccent(lower(search_text)) gin_trgm_ops)`);
  }
}
