import type { DataSource, EntityManager } from 'typeorm';
import { hitFromDocument, loadOfferingDocuments } from './offering-documents.js';
import type { OfferingSearchEngine, OfferingSearchQuery, OfferingSearchResult } from './offering-search.js';
import { refreshSearchText } from './search-text.js';
import { assertSearchable, emptyFacets } from './search-query.js';
import { searchTerms, synonymGroups, typoBudget, typoCorrections, type SearchTerm, type SynonymSource } from './search-terms.js';

/** word_similarity a document needs to count as a typo candidate (pg_trgm's default, 0.6, misses a swapped pair in a 9-letter word) */
export const TYPO_SIMILARITY = 0.5;
/** documents read per unknown word to find the words it may be a typo of */
const TYPO_SAMPLE = 20;
const SYNONYMS_TTL_MS = 60_000;

/** a term as the SQL sees it: the tsqueries that match it as typed and the words it may be a typo of */
interface ResolvedTerm extends SearchTerm {
  prefix: boolean;
  corrections: string[];
}

interface PageRow {
  page: [string, number | null][];
  groups: [string, string, string, boolean, number][] | null;
}

const PLAIN_WORD = /^[\p{L}\p{N}]+$/u;

/**
 * The search port on PostgreSQL, reading the live tables: nothing to keep in sync besides
 * offering.search_text, which the catalog refreshes in the transaction of every change
 * (refreshSearchText).
 *
 * Free text: every term must match the Dutch full-text vector (stemmed, unaccented; through its
 * synonyms; the last term also as a prefix, as in Meilisearch). When that finds nothing, a word that
 * no offering contains is taken for a typo: the trigram index (word_similarity on
 * unaccent(lower(search_text))) finds a few offerings with similar text, their words within the typo
 * budget (one typo from 4 letters, two from 8, as Meilisearch is set) stand in for it, and the
 * search runs again, typo matches ranking below exact ones. Trigram similarity is never evaluated
 * per offering of a whole result: on 20,000 offerings a common word would recheck thousands of
 * 300-character texts (~50 µs each), far over the latency budget.
 *
 * One statement finds the page and the facet counts over the whole filtered set (one GROUP BY,
 * rolled up here; the total is their sum); a second loads the page's documents. Geo: an earth_box
 * prefilter on the location's GiST index and the great-circle distance on earthdistance's sphere.
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
    if (query.freeNow) where.push(`o.free_places > 0`);
    if (query.maxWaitWeeks !== undefined) where.push(`(o.free_places > 0 OR o.wait_weeks <= ${p(Math.floor(query.maxWaitWeeks))}::int)`);
    if (query.contractedFor) {
      where.push(`(o.accepts_other_regions OR EXISTS (SELECT 1 FROM social_map.offering_contract oc
                                                      WHERE oc.offering_id = o.id AND oc.region_code = ${p(query.contractedFor)}))`);
    }
    if (query.secureCare === true) where.push(`(o.setting = 'secure_residential' OR o.requires_secure_authorisation)`);
    if (query.secureCare === false) where.push(`NOT (o.setting = 'secure_residential' OR o.requires_secure_authorisation)`);

    let distance = 'NULL::float8';
    if (query.near) {
      const lat = `${p(query.near.latitude)}::float8`;
      const lon = `${p(query.near.longitude)}::float8`;
      // earth_distance(ll_to_earth(a), ll_to_earth(b)) written out: the great circle on earthdistance's
      // sphere (radius earth()). ll_to_earth per row costs ~10x more (cube building, the earth
      // domain check); the two agree to well under a millimetre.
      const metres = `(2 * earth() * asin(least(1, sqrt(power(sin(radians(l.latitude - ${lat}) / 2), 2)
                        + cos(radians(${lat})) * cos(radians(l.latitude)) * power(sin(radians(l.longitude - ${lon}) / 2), 2)))))`;
      distance = `${metres} / 1000.0`;
      if (query.near.radiusKm !== undefined) {
        const radius = `${p(query.near.radiusKm * 1000)}::float8`;
        // the cube around the circle finds candidates on location_earth_idx; the exact distance decides
        where.push(`earth_box(ll_to_earth(${lat}, ${lon}), ${radius}) @> ll_to_earth(l.latitude, l.longitude) AND ${metres} <= ${radius}`);
      }
    }

    let score = '0::float8';
    if (terms.length > 0) {
      const asTyped: string[] = [];
      const matching: string[] = [];
      for (const term of terms) {
        const tsquery = (t: string) => `phraseto_tsquery('dutch'::regconfig, social_map.immutable_unaccent(${p(t)}::text))`;
        const exact = [term.text, ...term.alternatives].map(tsquery);
        if (term.prefix) exact.push(`to_tsquery('dutch'::regconfig, social_map.immutable_unaccent(${p(term.text)}::text) || ':*')`);
        const typos = term.corrections.map(tsquery);
        asTyped.push(`(${exact.join(' || ')})`);
        matching.push(`(${[...exact, ...typos].join(' || ')})`);
      }
      for (const q of matching) where.push(`o.search_vector @@ ${q}`);
      const anyTerm = matching.join(' || ');
      // the full-text rank, +1 per term found as typed (typos rank lower), +0.5 per term in the name
      score = `ts_rank(o.search_vector, ${anyTerm})
               + ${asTyped.map((q) => `(o.search_vector @@ ${q})::int`).join(' + ')}
               + 0.5 * (${terms.map((t) => `(strpos(lower(o.name), ${p(t.text)}) > 0)::int`).join(' + ')})`;
    }

    const order = orderBy(query, terms.length > 0);
    const from = `social_map.offering o
          JOIN social_map.location l ON l.id = o.location_id
          JOIN reference.municipality m ON m.code = l.municipality_code
         WHERE ${where.join('\n           AND ')}`;
    const limit = `LIMIT ${p(query.perPage)}::int OFFSET ${p((query.page - 1) * query.perPage)}::int`;
    const groups = (source: string) => `SELECT json_agg(json_build_array(region_code, category_code, setting, free, n))
                FROM (SELECT region_code, category_code, setting, free_places > 0 AS free, count(*)::int AS n
                        FROM ${source} GROUP BY 1, 2, 3, 4) g`;
    // newest confirmation first, no text: the page comes from offering_confirmed_idx and stops after
    // `perPage` rows; only the facets read the whole filtered set. Otherwise the filtered set is
    // computed once, for the page and the facets.
    const sql =
      terms.length === 0 && (query.sort === 'freshness' || query.sort === 'relevance')
        ? `SELECT (SELECT coalesce(json_agg(json_build_array(id, distance_km) ORDER BY capacity_confirmed_at DESC, id ASC), '[]'::json) FROM (
                     SELECT o.id, o.capacity_confirmed_at, ${distance} AS distance_km FROM ${from}
                      ORDER BY o.capacity_confirmed_at DESC, o.id ASC ${limit}) page) AS page,
                  (${groups(`(SELECT m.region_code, o.category_code, o.setting, o.free_places FROM ${from}) f`)}) AS groups`
        : `WITH f AS MATERIALIZED (
             SELECT o.id, o.category_code, o.setting, o.free_places, o.wait_weeks, o.capacity_confirmed_at, m.region_code,
                    ${score} AS score, ${distance} AS distance_km
               FROM ${from}
           ), page AS (
             SELECT id, score, distance_km, free_places, wait_weeks, capacity_confirmed_at FROM f ORDER BY ${order} ${limit}
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
   * known word; a plain word of 4+ letters that no active offering contains (as typed; the last one
   * also as a prefix) is looked up on the trigram index: the words of a few offerings with similar
   * text, within the typo budget, become its corrections. True when any term got one.
   */
  private async correctTypos(terms: ResolvedTerm[]): Promise<boolean> {
    const unknown = terms.filter((t) => t.alternatives.length === 0 && !t.text.includes(' ') && typoBudget(t.text) > 0);
    if (unknown.length === 0) return false;
    // one branch per unknown term, with its own constants, so that each EXISTS uses the full-text index
    const params: unknown[] = [];
    const branches = unknown.map((t) => {
      params.push(t.text);
      const term = `$${params.length}::text`;
      const asTyped = `phraseto_tsquery('dutch'::regconfig, ${term})${t.prefix ? ` || to_tsquery('dutch'::regconfig, ${term} || ':*')` : ''}`;
      return `SELECT ${term} AS term, w.word
                FROM (SELECT social_map.immutable_unaccent(lower(o.search_text)) AS text
                        FROM social_map.offering o
                       WHERE o.active AND social_map.immutable_unaccent(lower(o.search_text)) %> ${term}
                         AND NOT EXISTS (SELECT 1 FROM social_map.offering x WHERE x.active AND x.search_vector @@ (${asTyped}))
                       LIMIT ${TYPO_SAMPLE}) d
                CROSS JOIN LATERAL regexp_split_to_table(d.text, '[^[:alnum:]]+') AS w(word)
               WHERE length(w.word) BETWEEN length(${term}) - 2 AND length(${term}) + 2`;
    });
    const rows = await this.dataSource.transaction(async (manager: EntityManager) => {
      // the threshold of %>; and bitmap scans of the GIN indexes for the few offerings wanted (with
      // LIMIT the planner otherwise walks every row, evaluating word_similarity on each text)
      await manager.query(
        `SELECT set_config('pg_trgm.word_similarity_threshold', $1, true), set_config('enable_seqscan', 'off', true),
                set_config('enable_indexscan', 'off', true)`,
        [String(TYPO_SIMILARITY)],
      );
      return (await manager.query(
        `SELECT term, array_agg(DISTINCT word) AS words FROM (${branches.join('\n UNION ALL \n')}) candidates GROUP BY term`,
        params,
      )) as { term: string; words: string[] }[];
    });
    const candidates = new Map(rows.map((r) => [r.term, r.words]));
    for (const term of unknown) term.corrections = typoCorrections(term.text, candidates.get(term.text) ?? []);
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
