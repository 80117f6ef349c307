/** Turns what a person types into a Lucene query that cannot be read as Lucene syntax. */

const SPECIAL = /[+\-&|!(){}[\]^"~*?:\\/]/g;
const OPERATORS = new Set(['and', 'or', 'not', 'to']);
export const MAX_SEARCH_TERMS = 16;

/** The words of a search, lower-cased, without Lucene operators or syntax characters. */
export function searchTerms(text: string): string[] {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(SPECIAL, ' ')
    .split(/\s+/)
    .filter((w) => w !== '' && !OPERATORS.has(w))
    .slice(0, MAX_SEARCH_TERMS);
}

/**
 * Every word may match (the last as a prefix, so results follow typing), and the words in order as a
 * phrase count double: "graph neural net" → `"graph neural net"^2 graph neural net*`.
 */
export function luceneQuery(terms: string[]): string {
  if (terms.length === 0) return '';
  const words = terms.map((t, i) => (i === terms.length - 1 && t.length >= 3 ? `${t} ${t}*` : t));
  const phrase = terms.length > 1 ? `"${terms.join(' ')}"^2 ` : '';
  return phrase + words.join(' ');
}
