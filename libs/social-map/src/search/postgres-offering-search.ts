import type { DataSource } from 'typeorm';
import { PRIVATE_HOME_SETTINGS } from '@passend/reference/domain';
import { hitFromDocument, loadOfferingDocuments } from './offering-documents.js';
import type { OfferingSearchEngine, OfferingSearchQuery, OfferingSearchResult } from './offering-search.js';
import { refreshSearchText } from './search-text.js';
import { assertSearchable, emptyFacets } from './search-query.js';
import { searchTerms, synonymGroups, typoBudget, typoCorrections, typoDistance, type SearchTerm, type SynonymSource } from './search-terms.js';

/** dictionary words read per unknown query word: the most alike (of which those within the typo budget count) */
export const TYPO_CANDIDATES = 20;
/** corrections kept per word: those with the fewest typos, the most common first */
export const MAX_CORRECTIONS = 5;
/** below this trigram similarity a dictionary word is not read as a correction (a 4-letter word with one typo can be at 1/9) */
export const MIN_TYPO_SIMILARITY = 0.1;
/**
 * earthdistance's earth() is 6,378,168 m; the bounding box of a radius is drawn on a sphere of
 * the polar radius, a little smaller, so that it always holds the circle (the exact distance decides)
 */
const BOX_EARTH_RADIUS_M = 6_356_752;
const SYNONYMS_TTL_MS = 60_000;

/** a term as the SQL sees it: the tsqueries that match it as typed and the words it may be a typo of */
interface ResolvedTerm extends SearchTerm {
  prefix: boolean;
  corrections: string[];
}

/** a word of the typo dictionary and in how many active offerings it occurs */
interface DictionaryWord {
  word: string;
  offerings: number;
}

interface PageRow {
  page: [string, number | null][];
  groups: [string, string, string, boolean, number][] | null;
}

const PLAIN_WORD = /^[\p{L}\p{N}]+$/u;

/**
 * The search port on PostgreSQL, reading the live tables: nothing to keep in sync besides
 * offering.search_text and the typo dictionary search_word, which the catalog refreshes in the
 * transaction of every change (refreshSearchText).
 *
 * Free text: every term must match the Dutch full-text vector (stemmed, unaccented; through its
 * synonyms; the last term also as a prefix, as in Meilisearch). When that finds nothing, a word
 * that is not in the dictionary of the offerings' words (social_map.search_word, a few thousand
 * short words with a trigram index) is taken for a typo: its most similar dictionary words within
 * the typo budget (one typo from 4 letters, two from 8, as Meilisearch is set; the fewest typos,
 * the most common words first) stand in for it, and the search runs again, typo matches ranking
 * below exact ones. A word the dictionary knows never takes that path. The offerings' texts are
 * never compared by trigrams: 20,000 texts of 600 characters took seconds under load.
 *
 * One statement finds the page and the facet counts over the whole filtered set (one GROUP BY,
 * rolled up here; the total is their sum); a second loads the page's documents. The relevance
 * score is computed only when the page is ordered by it, the distance for the whole set only when
 * it is ordered by distance (otherwise for the page). Geo: a latitude/longitude box around the
 * circle (which the planner estimates from the columns' statistics, unlike a cube on a GiST
 * index, so that a text or a specialism that is rarer than the area still drives the plan), then
 * the great-circle distance on earthdistance's sphere.
 */
export class PostgresOfferingSearch implements OfferingSearchEngine {
  readonly name = 'postgresql' as const;
  private synonymCache?: { groups: string[][]; until: number };

  constructor(private readonly dataSource: DataSource) {}

  async search(query: OfferingSearchQuery, now: Date): Promise<OfferingSearchResult> {
    assertSearchable(query);
    const words = searchTerms(query.text, await this.synonymGroups());
    const terms: ResolvedTerm[] = words.map((t, i) => ({
      ...t,
      prefix: i === words.length - 1 && t.text.length >= 3 && PLAIN_WORD.test(t.text),
      corrections: [],
    }));
    const result = await this.run(query, terms, now);
    // nothing found: perhaps a word was mistyped; if so, search again with what it may stand for
    if (result.total > 0 || !(await this.correctTypos(terms))) return result;
    return this.run(query, terms, now);
  }

  private async run(query: OfferingSearchQuery, terms: ResolvedTerm[], now: Date): Promise<OfferingSearchResult> {
    const params: unknown[] = [];
    const p = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };

    const where: string[] = ['o.active'];
    if (query.regionCode) where.push(`m.region_code = ${p(query.regionCode)}`);
    if (query.municipalityCode) where.push(`l.municipality_code = ${p(query.municipalityCode)}`);
    if (query.categoryCodes?.length) where.push(`o.category_code = ANY(${p(query.categoryCodes)}::varchar[])`);
    if (query.settings?.length) where.push(`o.setting = ANY(${p(query.settings)}::varchar[])`);
    if (query.specialismCodes?.length) {
      where.push(`EXISTS (SELECT 1 FROM social_map.offering_specialism os
                           WHERE os.offering_id = o.id AND os.specialism_code = ANY(${p(query.specialismCodes)}::varchar[]))`);
    }
    if (query.childAge !== undefined) {
      const age = p(query.childAge);
      where.push(`o.min_age <= ${age}::numeric AND o.max_age >= ${age}::numeric`);
    }
    if (query.freeNow) where.push(`${FREE_PLACES_NOW} > 0`);
    if (query.maxWaitWeeks !== undefined) where.push(`(${FREE_PLACES_NOW} > 0 OR o.wait_weeks <= ${p(Math.floor(query.maxWaitWeeks))}::int)`);
    if (query.contractedFor) {
      where.push(`(o.accepts_other_regions OR EXISTS (SELECT 1 FROM social_map.offering_contract oc
                                                      WHERE oc.offering_id = o.id AND oc.region_code = ${p(query.contractedFor)}))`);
    }
    if (query.secureCare === true) where.push(`(o.setting = 'secure_residential' OR o.requires_secure_authorisation)`);
    if (query.secureCare === false) where.push(`NOT (o.setting = 'secure_residential' OR o.requires_secure_authorisation)`);

    // the distance in km from `near` of a row with columns latitude and longitude (of `table`)
    let distance: (table: string) => string = () => 'NULL::float8';
    if (query.near) {
      const { latitude, longitude, radiusKm } = query.near;
      const lat = `${p(latitude)}::float8`;
      const lon = `${p(longitude)}::float8`;
      // earth_distance(ll_to_earth(a), ll_to_earth(b)) written out: the great circle on earthdistance's
      // sphere (radius earth()). ll_to_earth per row costs ~10x more (cube building, the earth
      // domain check); the two agree to well under a millimetre.
      const metres = (t: string) => `(2 * earth() * asin(least(1, sqrt(power(sin(radians(${t}.latitude - ${lat}) / 2), 2)
                        + cos(radians(${lat})) * cos(radians(${t}.latitude)) * power(sin(radians(${t}.longitude - ${lon}) / 2), 2)))))`;
      distance = (t) => `${metres(t)} / 1000.0`;
      if (radiusKm !== undefined) {
        // the box first (plain comparisons, estimated from the columns' histograms), the exact distance on what is in it
        const box = boundingBox(latitude, longitude, radiusKm * 1000);
        where.push(`pos.latitude BETWEEN ${p(box.south)}::float8 AND ${p(box.north)}::float8`);
        if (box.west !== undefined) where.push(`pos.longitude BETWEEN ${p(box.west)}::float8 AND ${p(box.east)}::float8`);
        where.push(`${metres('pos')} <= ${p(radiusKm * 1000)}::float8`);
      }
    }

    const relevance = query.sort === 'relevance' && terms.length > 0;
    let score = '0::float8';
    if (terms.length > 0) {
      const asTyped: string[] = [];
      const matching: string[] = [];
      for (const term of terms) {
        const tsquery = (t: string) => `phraseto_tsquery('dutch'::regconfig, social_map.immutable_unaccent(${p(t)}::text))`;
        const exact = [term.text, ...term.alternatives].map(tsquery);
        if (term.prefix) exact.push(`to_tsquery('dutch'::regconfig, social_map.immutable_unaccent(${p(term.text)}::text) || ':*')`);
        const typos = term.corrections.map(tsquery);
        // a term without corrections matches as typed in every row (the WHERE requires it)
        asTyped.push(typos.length ? `(o.search_vector @@ (${exact.join(' || ')}))::int` : '1');
        matching.push(`(${[...exact, ...typos].join(' || ')})`);
      }
      for (const q of matching) where.push(`o.search_vector @@ ${q}`);
      // the full-text rank, +1 per term found as typed (typos rank lower), +0.5 per term in the name
      if (relevance) {
        score = `ts_rank(o.search_vector, ${matching.join(' || ')})
                 + ${asTyped.join(' + ')}
                 + 0.5 * (${terms.map((t) => `(strpos(lower(o.name), ${p(t.text)}) > 0)::int`).join(' + ')})`;
      }
    }

    const order = orderBy(query, terms.length > 0);
    const from = `social_map.offering o
          JOIN social_map.location l ON l.id = o.location_id
          JOIN reference.municipality m ON m.code = l.municipality_code
          ${query.near ? PUBLIC_POSITION_JOIN : ''}
         WHERE ${where.join('\n           AND ')}`;
    const limit = `LIMIT ${p(query.perPage)}::int OFFSET ${p((query.page - 1) * query.perPage)}::int`;
    const groups = (source: string) => `SELECT json_agg(json_build_array(region_code, category_code, setting, free, n))
                FROM (SELECT region_code, category_code, setting, free_places > 0 AS free, count(*)::int AS n
                        FROM ${source} GROUP BY 1, 2, 3, 4) g`;
    // the distance of every row when it orders them, else of the page's rows only
    const byDistance = query.sort === 'distance';
    // newest confirmation first, no text: the page comes from offering_confirmed_idx and stops after
    // `perPage` rows; only the facets read the whole filtered set. Otherwise the filtered set is
    // computed once, for the page and the facets.
    const sql =
      terms.length === 0 && (query.sort === 'freshness' || query.sort === 'relevance')
        ? `SELECT (SELECT coalesce(json_agg(json_build_array(id, distance_km) ORDER BY capacity_confirmed_at DESC, id ASC), '[]'::json) FROM (
                     SELECT o.id, o.capacity_confirmed_at, ${distance('pos')} AS distance_km FROM ${from}
                      ORDER BY o.capacity_confirmed_at DESC, o.id ASC ${limit}) page) AS page,
                  (${groups(`(SELECT m.region_code, o.category_code, o.setting, ${FREE_PLACES_NOW} AS free_places FROM ${from}) f`)}) AS groups`
        : `WITH f AS MATERIALIZED (
             SELECT o.id, o.category_code, o.setting, ${FREE_PLACES_NOW} AS free_places, o.wait_weeks, o.capacity_confirmed_at, m.region_code,
                    ${query.near ? 'pos.latitude, pos.longitude' : 'l.latitude, l.longitude'}, ${score} AS score, ${byDistance ? distance('pos') : 'NULL::float8'} AS distance_km
               FROM ${from}
           ), page AS (
             SELECT id, score, ${byDistance ? 'distance_km' : `${distance('f')} AS distance_km`}, free_places, wait_weeks, capacity_confirmed_at
               FROM f ORDER BY ${order} ${limit}
           )
           SELECT (SELECT coalesce(json_agg(json_build_array(id, distance_km) ORDER BY ${order}), '[]'::json) FROM page) AS page,
                  (${groups('f')}) AS groups`;

    const [row] = (await this.dataSource.query(sql, params)) as PageRow[];
    const documents = new Map((await loadOfferingDocuments(this.dataSource.manager, row!.page.map(([id]) => id))).map((d) => [d.id, d]));
    const hits = row!.page.flatMap(([id, km]) => {
      const document = documents.get(id);
      return document ? [hitFromDocument(document, now, km)] : [];
    });
    const facets = emptyFacets();
    let total = 0;
    for (const [region, category, setting, free, n] of row!.groups ?? []) {
      total += n;
      facets.region[region] = (facets.region[region] ?? 0) + n;
      facets.category[category] = (facets.category[category] ?? 0) + n;
      facets.setting[setting] = (facets.setting[setting] ?? 0) + n;
      facets.availability[free ? 'free' : 'full'] += n;
    }
    return { hits, total, page: query.page, perPage: query.perPage, facets, engine: 'postgresql' };
  }

  /** Nothing to do: PostgreSQL searches the live tables (search_text is kept by the catalog's writes). */
  async sync(offeringIds: string[]): Promise<void> {
    void offeringIds;
  }

  /** Rebuilds every offering's search_text; returns the number of active offerings. */
  async reindexAll(onProgress?: (done: number, total: number) => void): Promise<number> {
    const total = await this.activeCount();
    onProgress?.(0, total);
    await this.dataSource.transaction((manager) => refreshSearchText(manager, 'all'));
    onProgress?.(total, total);
    return total;
  }

  async isAvailable(): Promise<boolean> {
    try {
      await this.dataSource.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Which terms are typos, and of what (when a search found nothing). A term with synonyms is a
   * known word; so is a word in the dictionary (the last term also as the start of one): one
   * primary-key lookup, and a known word goes no further. A plain word of 4+ letters the dictionary
   * lacks is looked up on its trigram index: the words at least typoSimilarity() alike (the most
   * alike and common first, TYPO_CANDIDATES of them); of those within its typo budget, the ones
   * with the fewest typos (the most common first, at most MAX_CORRECTIONS) become its corrections.
   * First at the similarity of one typo; a word that may have two and has no correction with one
   * is looked up again at the lower similarity of two (a wider, slower scan). The lookups run in
   * one short transaction: the threshold of % is a setting. True when any term got a correction.
   */
  private async correctTypos(terms: ResolvedTerm[]): Promise<boolean> {
    const typable = terms.filter((t) => t.alternatives.length === 0 && !t.text.includes(' ') && typoBudget(t.text) > 0);
    if (typable.length === 0) return false;
    const [{ known }] = (await this.dataSource.query(
      `SELECT ARRAY(SELECT word::text FROM social_map.search_word WHERE word = ANY($1::text[]) AND offerings > 0
                    UNION ALL
                    SELECT $2::text WHERE EXISTS (SELECT 1 FROM social_map.search_word WHERE word LIKE $2::text || '%' AND offerings > 0)) AS known`,
      // a prefix term is a plain word (letters and digits): nothing in it for LIKE to interpret
      [typable.map((t) => t.text), typable.find((t) => t.prefix)?.text ?? null],
    )) as [{ known: string[] }];
    const unknown = typable.filter((t) => !known.includes(t.text));
    if (unknown.length === 0) return false;
    const found = new Map<string, DictionaryWord[]>(unknown.map((t) => [t.text, []]));
    await this.dataSource.transaction(async (manager) => {
      for (const typos of [1, 2]) {
        const wanted = unknown.filter((t) => typoBudget(t.text) >= typos && (typos === 1 || pickCorrections(t.text, found.get(t.text)!).typos > 1));
        if (wanted.length === 0) continue;
        const thresholds = wanted.map((t) => typoSimilarity(t.text, typos));
        // the index finds the words with enough trigrams in common for the lowest threshold; each term then keeps its own
        await manager.query(`SELECT set_config('pg_trgm.similarity_threshold', $1, true)`, [String(Math.min(...thresholds))]);
        const rows = (await manager.query(
          `SELECT t.term, k.word, k.offerings
             FROM unnest($1::text[], $2::float4[]) AS t(term, threshold)
            CROSS JOIN LATERAL (
              SELECT w.word, w.offerings, similarity(w.word, t.term) AS similarity
                FROM social_map.search_word w
               WHERE w.word % t.term AND similarity(w.word, t.term) >= t.threshold AND w.offerings > 0
               ORDER BY similarity DESC, w.offerings DESC, w.word
               LIMIT ${TYPO_CANDIDATES}) k`,
          [wanted.map((t) => t.text), thresholds],
        )) as ({ term: string } & DictionaryWord)[];
        for (const row of rows) found.get(row.term)!.push(row);
      }
    });
    for (const term of unknown) term.corrections = pickCorrections(term.text, found.get(term.text)!).words;
    return unknown.some((t) => t.corrections.length > 0);
  }

  private async activeCount(): Promise<number> {
    const [row] = (await this.dataSource.query(`SELECT count(*)::int AS n FROM social_map.offering WHERE active`)) as { n: number }[];
    return row!.n;
  }

  private async synonymGroups(): Promise<string[][]> {
    if (this.synonymCache && this.synonymCache.until > Date.now()) return this.synonymCache.groups;
    const specialisms = (await this.dataSource.query(
      `SELECT label_nl AS "labelNl", synonyms FROM social_map.specialism ORDER BY code`,
    )) as SynonymSource[];
    const groups = synonymGroups(specialisms);
    this.synonymCache = { groups, until: Date.now() + SYNONYMS_TTL_MS };
    return groups;
  }
}

/**
 * The public position of a location, for distances: a private home's municipality centre, so that a
 * radius or a distance order cannot find the house. Joined only when the query has a point to
 * measure from (without one, no distance is computed and the hits' positions come from the
 * documents, which are public already); the private locations are one hashed set per query, not a
 * subquery per row.
 */
const PUBLIC_POSITION_JOIN = `LEFT JOIN (SELECT DISTINCT ph.location_id FROM social_map.offering ph
                      WHERE ph.setting IN (${PRIVATE_HOME_SETTINGS.map((x) => `'${x}'`).join(',')})) private_home ON private_home.location_id = l.id
          CROSS JOIN LATERAL (SELECT CASE WHEN private_home.location_id IS NOT NULL THEN m.latitude ELSE l.latitude END AS latitude,
                                     CASE WHEN private_home.location_id IS NOT NULL THEN m.longitude ELSE l.longitude END AS longitude) pos`;

/**
 * The places a child can take now: a closed offering or one with a waiting list has none, whatever
 * its number says (the free-now filter, the availability facet and the wait order all use this).
 */
const FREE_PLACES_NOW = `CASE WHEN o.capacity_status IN ('open','intake_first') THEN o.free_places ELSE 0 END`;

/** ORDER BY over the columns of f (and page); the id breaks every tie. */
function orderBy(query: OfferingSearchQuery, hasText: boolean): string {
  switch (query.sort) {
    case 'distance':
      return 'distance_km ASC NULLS LAST, id ASC';
    case 'wait':
      return '(free_places > 0) DESC, wait_weeks ASC, id ASC';
    case 'freshness':
      return 'capacity_confirmed_at DESC, id ASC';
    case 'relevance':
    default:
      return hasText ? 'score DESC, capacity_confirmed_at DESC, id ASC' : 'capacity_confirmed_at DESC, id ASC';
  }
}

/**
 * A latitude/longitude box that holds the circle of `metres` around a point (on a sphere a little
 * smaller than earthdistance's, so never too small); no longitude bounds when the circle reaches
 * a pole or the antimeridian.
 */
export function boundingBox(latitude: number, longitude: number, metres: number): { south: number; north: number; west?: number; east?: number } {
  const angle = metres / BOX_EARTH_RADIUS_M;
  const degrees = (radians: number) => (radians * 180) / Math.PI;
  const south = latitude - degrees(angle);
  const north = latitude + degrees(angle);
  const phi = (latitude * Math.PI) / 180;
  if (north >= 90 || south <= -90 || Math.sin(angle) >= Math.cos(phi)) return { south, north };
  const spread = degrees(Math.asin(Math.sin(angle) / Math.cos(phi)));
  if (longitude - spread <= -180 || longitude + spread >= 180) return { south, north };
  return { south, north, west: longitude - spread, east: longitude + spread };
}

/**
 * The trigram similarity (pg_trgm) a word with `typos` typos keeps at least to the word it stands
 * for, so that the typo lookup misses no correction: the word has n + 1 trigrams (padded), a typo
 * changes at most 4 of them (a swap of neighbours) and lengthens the other word by at most one:
 * (n + 1 - 4t) / (n + 1 + 5t). One typo: 0.1 at 4 letters, 0.31 at 7, 0.43 at 9; two: 0.14 at 10
 * letters, 0.28 at 14. Never below MIN_TYPO_SIMILARITY: two typos in a word of 8 or 9 letters that
 * leave it one trigram in common (swaps at both ends, mabualnt for ambulant) are missed rather than
 * reading much of the dictionary. A fixed threshold (pg_trgm's 0.3) would miss most typos in words
 * of up to 6 letters.
 */
export function typoSimilarity(word: string, typos = typoBudget(word)): number {
  const n = [...word].length;
  return Math.max(MIN_TYPO_SIMILARITY, Math.floor(((n + 1 - 4 * typos) / (n + 1 + 5 * typos)) * 1000) / 1000);
}

/**
 * Of the dictionary words found for a query word, those within its typo budget with the fewest
 * typos (how many: `typos`, Infinity when none), the most common first, at most MAX_CORRECTIONS.
 */
function pickCorrections(word: string, found: readonly DictionaryWord[]): { typos: number; words: string[] } {
  const allowed = new Set(typoCorrections(word, found.map((f) => f.word)));
  const typos = new Map([...allowed].map((w) => [w, typoDistance(word, w)]));
  const fewest = Math.min(...typos.values());
  const offerings = new Map(found.map((f) => [f.word, f.offerings]));
  const words = [...allowed]
    .filter((w) => typos.get(w) === fewest)
    .sort((a, b) => offerings.get(b)! - offerings.get(a)! || a.localeCompare(b))
    .slice(0, MAX_CORRECTIONS);
  return { typos: fewest, words };
}
