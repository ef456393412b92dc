/**
 * How free text becomes search terms, shared by both engines so that they agree on what a query
 * means: the Dutch stop words, the synonym groups (the specialisms' own words from the database
 * plus a few fixed Dutch ones) and the split of a query into terms. Pure functions, no I/O.
 */

/** PostgreSQL's Dutch snowball stop-word list: the words its 'dutch' configuration drops, and Meilisearch's stopWords. */
export const DUTCH_STOP_WORDS: readonly string[] = [
  'aan', 'al', 'alles', 'als', 'altijd', 'andere', 'ben', 'bij', 'daar', 'dan', 'dat', 'de', 'der', 'deze', 'die', 'dit',
  'doch', 'doen', 'door', 'dus', 'een', 'eens', 'en', 'er', 'ge', 'geen', 'geweest', 'haar', 'had', 'heb', 'hebben',
  'heeft', 'hem', 'het', 'hier', 'hij', 'hoe', 'hun', 'iemand', 'iets', 'ik', 'in', 'is', 'ja', 'je', 'kan', 'kon',
  'kunnen', 'maar', 'me', 'meer', 'men', 'met', 'mij', 'mijn', 'moet', 'na', 'naar', 'niet', 'niets', 'nog', 'nu', 'of',
  'om', 'omdat', 'onder', 'ons', 'ook', 'op', 'over', 'reeds', 'te', 'tegen', 'toch', 'toen', 'tot', 'u', 'uit', 'uw',
  'van', 'veel', 'voor', 'want', 'waren', 'was', 'wat', 'werd', 'wezen', 'wie', 'wil', 'worden', 'wordt', 'zal', 'ze',
  'zelf', 'zich', 'zij', 'zijn', 'zo', 'zonder', 'zou',
];
const STOP = new Set(DUTCH_STOP_WORDS);

/** Fixed Dutch synonyms besides the specialisms' (words guardians type for the same help). */
export const DUTCH_SYNONYM_GROUPS: readonly (readonly string[])[] = [
  ['pleegzorg', 'pleeggezin', 'pleegouders'],
  ['ggz', 'geestelijke gezondheidszorg', 'jeugd-ggz'],
  ['jeugdzorgplus', 'gesloten jeugdzorg', 'gesloten'],
];

/** Lower case, accents removed (what PostgreSQL's unaccent does for Dutch text), whitespace collapsed. */
export function normaliseText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** The words of a text, normalised, without stop words; a hyphen inside a word stays (jeugd-ggz). */
export function tokenise(text: string): string[] {
  return normaliseText(text)
    .split(/[^\p{L}\p{N}-]+/u)
    .map((w) => w.replace(/^-+|-+$/g, ''))
    .filter((w) => w.length > 0 && !STOP.has(w));
}

export interface SynonymSource {
  labelNl: string;
  synonyms: readonly string[];
}

/** A label joins its synonyms when it is a plain term people type (at most three words, no "/" or brackets). */
function labelAsSynonym(label: string): string | undefined {
  if (!/^[\p{L}\p{N} -]+$/u.test(label)) return undefined;
  const words = tokenise(label);
  return words.length >= 1 && words.length <= 3 && words.length === label.trim().split(/\s+/).length ? words.join(' ') : undefined;
}

/**
 * Groups of interchangeable terms (normalised, each at most three words): one group per specialism
 * (its label when typable, and its synonyms) plus the fixed Dutch groups; groups sharing a term merge.
 */
export function synonymGroups(specialisms: readonly SynonymSource[]): string[][] {
  const raw: string[][] = [
    ...DUTCH_SYNONYM_GROUPS.map((g) => [...g]),
    ...specialisms.map((s) => [labelAsSynonym(s.labelNl), ...s.synonyms].filter((t): t is string => t !== undefined)),
  ];
  const groups: Set<string>[] = [];
  for (const terms of raw) {
    const normalised = [...new Set(terms.map((t) => tokenise(t).join(' ')).filter((t) => t.length > 0 && t.split(' ').length <= 3))];
    if (normalised.length < 2) continue;
    const merged = new Set(normalised);
    for (let i = groups.length - 1; i >= 0; i--) {
      if ([...groups[i]!].some((t) => merged.has(t))) {
        for (const t of groups[i]!) merged.add(t);
        groups.splice(i, 1);
      }
    }
    groups.push(merged);
  }
  return groups.map((g) => [...g].sort());
}

/** Meilisearch's synonyms setting: every term of a group maps to the other terms (mutual synonyms). */
export function meiliSynonyms(groups: readonly (readonly string[])[]): Record<string, string[]> {
  const synonyms: Record<string, string[]> = {};
  for (const group of groups) {
    for (const term of group) synonyms[term] = [...new Set([...(synonyms[term] ?? []), ...group.filter((t) => t !== term)])].sort();
  }
  return synonyms;
}

/** One term of a query: a word (or a phrase that is a synonym) and the terms that may stand in for it. */
export interface SearchTerm {
  text: string;
  alternatives: string[];
}

export const MAX_SEARCH_TERMS = 8;

/**
 * The terms of a query: its words without stop words, where a run of up to three words that is
 * a synonym term counts as one term with its group as alternatives. Every term must match
 * (directly, through a synonym, or with a typo); at most MAX_SEARCH_TERMS terms count.
 */
export function searchTerms(text: string | undefined, groups: readonly (readonly string[])[]): SearchTerm[] {
  if (!text) return [];
  const words = tokenise(text);
  const groupOf = new Map<string, readonly string[]>();
  for (const g of groups) for (const t of g) groupOf.set(t, g);
  const terms: SearchTerm[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < words.length && terms.length < MAX_SEARCH_TERMS; ) {
    let matched = 1;
    let term = words[i]!;
    for (let n = Math.min(3, words.length - i); n >= 2; n--) {
      const phrase = words.slice(i, i + n).join(' ');
      if (groupOf.has(phrase)) {
        matched = n;
        term = phrase;
        break;
      }
    }
    i += matched;
    if (seen.has(term)) continue;
    seen.add(term);
    terms.push({ text: term, alternatives: (groupOf.get(term) ?? []).filter((t) => t !== term) });
  }
  return terms;
}

/** Word lengths from which one and two typos are tolerated (Meilisearch's minWordSizeForTypos, set alike). */
export const TYPO_WORD_SIZES = { oneTypo: 4, twoTypos: 8 } as const;

/** How many typos a query word of this length may have. */
export function typoBudget(word: string): number {
  const length = [...word].length;
  return length >= TYPO_WORD_SIZES.twoTypos ? 2 : length >= TYPO_WORD_SIZES.oneTypo ? 1 : 0;
}

/**
 * Edit distance with adjacent transpositions (optimal string alignment): substituting, inserting,
 * deleting or swapping two neighbouring letters each count one typo. Stops early above `max`
 * (returns max + 1).
 */
export function typoDistance(a: string, b: string, max = 2): number {
  const s = [...a];
  const t = [...b];
  if (Math.abs(s.length - t.length) > max) return max + 1;
  let previous2: number[] = [];
  let previous = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let d = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) d = Math.min(d, previous2[j - 2]! + 1);
      current.push(d);
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > max) return max + 1;
    previous2 = previous;
    previous = current;
  }
  return Math.min(previous[t.length]!, max + 1);
}

/** The candidate words that are the query word with at most its typo budget (not the word itself, no stop words). */
export function typoCorrections(word: string, candidates: Iterable<string>): string[] {
  const budget = typoBudget(word);
  if (budget === 0) return [];
  const found = new Set<string>();
  for (const candidate of candidates) {
    if (candidate === word || STOP.has(candidate) || found.has(candidate)) continue;
    if (typoDistance(word, candidate, budget) <= budget) found.add(candidate);
  }
  return [...found].sort();
}
