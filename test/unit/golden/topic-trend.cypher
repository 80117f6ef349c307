CALL () {
  UNWIND range(0, size($topics) - 1) AS n
  CALL (n) {
    UNWIND range(0, size($topics[n]) - 1) AS i
    CALL (n, i) {
      MATCH (t:Topic {key: $topics[n][i]}) RETURN t, 0 AS via
      UNION
      MATCH (:Alias {key: $topics[n][i]})-[:ALIAS_OF]->(t:Topic) RETURN t, 1 AS via
    }
    RETURN t ORDER BY via, i, t.paperCount DESC, t.key LIMIT 1
  }
  RETURN collect(t) AS anchors
} UNWIND anchors AS t RETURN [t.key, t.name, null, CASE WHEN t.trendMonths IS NULL THEN
          [[year_2 IN COLLECT { MATCH (t)<-[:MENTIONS]-(p_0:Paper) WHERE p_0.year IS NOT NULL
            RETURN DISTINCT p_0.year AS year_2 ORDER BY year_2 } |
            [year_2, COUNT { (t)<-[:MENTIONS]-(q_1:Paper) WHERE q_1.year = year_2 }]], null]
        ELSE [[], [t.trendMonths, t.trendCounts]] END] AS t

// params
{
  "topics": [
    [
      "diffusion model"
    ]
  ]
}

// ---- next statement

CALL () {
  UNWIND range(0, size($topics) - 1) AS n
  CALL (n) {
    UNWIND range(0, size($topics[n]) - 1) AS i
    CALL (n, i) {
      MATCH (t:Topic {key: $topics[n][i]}) RETURN t, 0 AS via
      UNION
      MATCH (:Alias {key: $topics[n][i]})-[:ALIAS_OF]->(t:Topic) RETURN t, 1 AS via
      UNION
      WITH split($topics[n][i], ' ') AS words
      WHERE size(words) > 1
      UNWIND range(0, size(words) - 1) AS j
      MATCH (:Alias {key: words[j]})-[:ALIAS_OF]->(long:Topic)
      WITH words[..j] + [long.key] + words[j + 1..] AS parts
      MATCH (t:Topic {key: reduce(k = head(parts), part IN tail(parts) | k + ' ' + part)})
      RETURN t, 2 AS via
    }
    RETURN t ORDER BY via, i, t.paperCount DESC, t.key LIMIT 1
  }
  RETURN collect(t) AS anchors
} UNWIND anchors AS t RETURN [t.key, t.name, null, CASE WHEN t.trendMonths IS NULL THEN
          [[year_2 IN COLLECT { MATCH (t)<-[:MENTIONS]-(p_0:Paper) WHERE p_0.year IS NOT NULL
            RETURN DISTINCT p_0.year AS year_2 ORDER BY year_2 } |
            [year_2, COUNT { (t)<-[:MENTIONS]-(q_1:Paper) WHERE q_1.year = year_2 }]], null]
        ELSE [[], [t.trendMonths, t.trendCounts]] END] AS t

// params
{
  "topics": [
    [
      "diffusion model"
    ]
  ]
}
