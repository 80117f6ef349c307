/**
 * Topic names as people write them, resolved in Cypher: the prefix that every statement naming topics
 * starts with (the topic, paper and graph repositories share it).
 */

/**
 * `$topics` is a list of names, each given as its candidate keys (`canonicalKeys`); the statement this
 * prefixes gets `anchors`, the topic each name resolves to: a topic whose key is a candidate first, else
 * a topic an acronym candidate is an alias of. Unresolved names are left out.
 */
const RESOLVE_TOPICS = resolveTopics(false);

/**
 * RESOLVE_TOPICS that also reads one word of a name as the acronym it is: "SSL models" → "self supervised
 * learning model", as ingest keyed it. The lookups cost every statement that names a topic (a third
 * fewer answers a second on the API benchmark's topic query), so it is only a second try.
 */
const RESOLVE_TOPICS_SPELLING_ACRONYMS = resolveTopics(true);

/**
 * Runs a statement that starts by resolving topic names (`resolve` is its prefix); when it finds
 * nothing, once more reading acronyms in the names.
 */
export async function withResolvedTopics<T>(
  run: (resolve: string) => Promise<T | null | undefined>,
): Promise<T | null | undefined> {
  return (await run(RESOLVE_TOPICS)) ?? run(RESOLVE_TOPICS_SPELLING_ACRONYMS);
}

function resolveTopics(spellAcronyms: boolean): string {
  const spelled = `
      UNION
      WITH split($topics[n][i], ' ') AS words
      WHERE size(words) > 1
      UNWIND range(0, size(words) - 1) AS j
      MATCH (:Alias {key: words[j]})-[:ALIAS_OF]->(long:Topic)
      WITH words[..j] + [long.key] + words[j + 1..] AS parts
      MATCH (t:Topic {key: reduce(k = head(parts), part IN tail(parts) | k + ' ' + part)})
      RETURN t, 2 AS via`;
  return `
CALL () {
  UNWIND range(0, size($topics) - 1) AS n
  CALL (n) {
    UNWIND range(0, size($topics[n]) - 1) AS i
    CALL (n, i) {
      MATCH (t:Topic {key: $topics[n][i]}) RETURN t, 0 AS via
      UNION
      MATCH (:Alias {key: $topics[n][i]})-[:ALIAS_OF]->(t:Topic) RETURN t, 1 AS via${spellAcronyms ? spelled : ''}
    }
    RETURN t ORDER BY via, i, t.paperCount DESC, t.key LIMIT 1
  }
  RETURN collect(t) AS anchors
}`;
}
