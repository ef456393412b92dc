import type { EntityManager } from 'typeorm';
import { SETTING_LABELS_NL, SETTINGS } from '@passend/reference/domain';
import { DUTCH_STOP_WORDS } from './search-terms.js';

const SETTING_CODES = [...SETTINGS];
const SETTING_LABELS = SETTINGS.map((s) => SETTING_LABELS_NL[s]);

/**
 * The dictionary words of a search text (SQL, `text` an expression), as search-terms.ts splits a
 * query: unaccented, lower case (the 'simple' configuration), split on everything but letters,
 * digits and hyphens; a hyphenated word counts whole and as its parts (the parser's hword and
 * hword_part, as the Dutch full-text vector has them); 3 to 60 characters; no stop words (they
 * never become query terms). Each word once per text. `$stop` is the placeholder of DUTCH_STOP_WORDS.
 * Migration SearchWords1795800000410 filled social_map.search_word with a copy of this.
 */
function searchWords(text: string, stop: string): string {
  return `(SELECT w.lexeme AS word
             FROM unnest(to_tsvector('simple'::regconfig, regexp_replace(social_map.immutable_unaccent(${text}), '[^[:alnum:]-]+', ' ', 'g'))) AS w
            WHERE length(w.lexeme) BETWEEN 3 AND 60 AND w.lexeme ~ '^[[:alnum:]]+(-[[:alnum:]]+)*$' AND w.lexeme <> ALL(${stop}::text[]))`;
}

/** the search text of each offering (WHERE $1::uuid[] IS NULL OR o.id = ANY($1)), with its current one and whether it is active */
const SOURCE = `
         SELECT o.id, o.active, o.search_text AS old_text,
                concat_ws(' ', o.name, nullif(o.description_nl, ''), p.name, l.name, l.city, m.name, c.value, st.label, sp.words) AS text
           FROM social_map.offering o
           JOIN social_map.provider p ON p.id = o.provider_id
           JOIN social_map.location l ON l.id = o.location_id
           LEFT JOIN reference.municipality m ON m.code = l.municipality_code
           LEFT JOIN reference.code_list_entry c ON c.list_code = 'JZ020' AND c.code = o.category_code
           LEFT JOIN unnest($2::text[], $3::text[]) AS st(setting, label) ON st.setting = o.setting
           LEFT JOIN (
             SELECT os.offering_id,
                    string_agg(concat_ws(' ', s.label_nl, array_to_string(s.synonyms, ' ')), ' ' ORDER BY s.code) AS words
               FROM social_map.offering_specialism os
               JOIN social_map.specialism s ON s.code = os.specialism_code
              WHERE $1::uuid[] IS NULL OR os.offering_id = ANY($1::uuid[])
              GROUP BY os.offering_id
           ) sp ON sp.offering_id = o.id
          WHERE $1::uuid[] IS NULL OR o.id = ANY($1::uuid[])`;

/**
 * Rebuilds social_map.offering.search_text (and so the generated search_vector) of the given
 * offerings, or of all: the offering's name and description, the provider's and location's names,
 * the city and municipality, the JZ020 category label, the specialisms' labels and synonyms and the
 * setting's Dutch label. Rows whose text is already right are not rewritten.
 * Call it in the transaction that changes any of these. Returns the number of rows rewritten.
 *
 * It keeps the typo dictionary social_map.search_word in the same statement: for each rewritten
 * active offering, +1 for the words its new text gained, -1 for those it lost (inserted in word
 * order, so concurrent writers lock shared words in the same order). The counts follow text
 * changes only: an offering deactivated (or one whose text changed while inactive) leaves its words'
 * counts as they were, and a word at 0 stays as a row (the search ignores words at 0). Slightly
 * stale counts only reorder corrections; 'all' (reindexAll, `npm run reindex`, the seed) rebuilds
 * the dictionary exactly from the active offerings.
 */
export async function refreshSearchText(manager: EntityManager, offeringIds: string[] | 'all'): Promise<number> {
  if (offeringIds !== 'all' && offeringIds.length === 0) return 0;
  const ids = offeringIds === 'all' ? null : [...new Set(offeringIds)];
  const update = `UPDATE social_map.offering AS target
        SET search_text = source.text
       FROM (${SOURCE}) AS source
      WHERE target.id = source.id AND target.search_text IS DISTINCT FROM source.text`;
  const params = [ids, SETTING_CODES, SETTING_LABELS, DUTCH_STOP_WORDS];
  if (offeringIds === 'all') {
    const result = (await manager.query(update, params.slice(0, 3))) as [unknown[], number] | unknown[];
    await rebuildSearchWords(manager);
    // TypeORM's postgres driver answers an UPDATE with [rows, affected]
    return Array.isArray(result) && typeof result[1] === 'number' ? result[1] : 0;
  }
  const [row] = (await manager.query(
    `WITH changed AS (
       ${update}
       RETURNING source.active, source.old_text, source.text AS new_text
     ), delta AS (
       SELECT d.word, sum(d.n)::int AS n
         FROM (SELECT w.word, 1 AS n FROM changed c CROSS JOIN LATERAL ${searchWords('c.new_text', '$4')} w WHERE c.active
               UNION ALL
               SELECT w.word, -1 AS n FROM changed c CROSS JOIN LATERAL ${searchWords('c.old_text', '$4')} w WHERE c.active) d
        GROUP BY d.word
       HAVING sum(d.n) <> 0
     ), counted AS (
       INSERT INTO social_map.search_word AS sw (word, offerings)
       SELECT d.word, d.n FROM delta d
        -- a word the dictionary lacks only gains (a loss there means the count was already stale)
        WHERE d.n > 0 OR EXISTS (SELECT 1 FROM social_map.search_word x WHERE x.word = d.word)
        ORDER BY d.word
       ON CONFLICT (word) DO UPDATE SET offerings = greatest(0, sw.offerings + excluded.offerings)
     )
     SELECT count(*)::int AS rewritten FROM changed`,
    params,
  )) as { rewritten: number }[];
  return row!.rewritten;
}

/**
 * Recounts social_map.search_word from the active offerings' search_text: words gained, recounted
 * or gone (unchanged rows are not rewritten, so a reindex without changes writes nothing).
 */
async function rebuildSearchWords(manager: EntityManager): Promise<void> {
  await manager.query(
    `WITH fresh AS (
       SELECT w.word, count(*)::int AS n
         FROM social_map.offering o CROSS JOIN LATERAL ${searchWords('o.search_text', '$1')} w
        WHERE o.active
        GROUP BY w.word
     ), counted AS (
       INSERT INTO social_map.search_word AS sw (word, offerings)
       SELECT word, n FROM fresh ORDER BY word
       ON CONFLICT (word) DO UPDATE SET offerings = excluded.offerings WHERE sw.offerings <> excluded.offerings
     )
     DELETE FROM social_map.search_word sw WHERE NOT EXISTS (SELECT 1 FROM fresh f WHERE f.word = sw.word)`,
    [DUTCH_STOP_WORDS],
  );
}
