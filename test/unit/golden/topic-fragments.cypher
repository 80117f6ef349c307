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
} UNWIND anchors AS t RETURN [t.key, t.name, t.paperCount, [COLLECT { MATCH (t)-[:NARROWER]->(o_0:Topic) WITH o_0  ORDER BY o_0.paperCount DESC, o_0.key  LIMIT $q1
    RETURN [[o_0.paperCount, o_0.key], [o_0.key, o_0.name, null]] }, null], [COLLECT { MATCH (o_2:Topic)-[:NARROWER]->(t) WITH o_2  ORDER BY o_2.paperCount DESC, o_2.key  LIMIT $q3
    RETURN [[o_2.paperCount, o_2.key], [o_2.key, o_2.name, null]] }, null]] AS t

// params
{
  "q1": 3,
  "q3": 2,
  "topics": [
    [
      "transformer"
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
} UNWIND anchors AS t RETURN [t.key, t.name, t.paperCount, [COLLECT { MATCH (t)-[:NARROWER]->(o_0:Topic) WITH o_0  ORDER BY o_0.paperCount DESC, o_0.key  LIMIT $q1
    RETURN [[o_0.paperCount, o_0.key], [o_0.key, o_0.name, null]] }, null], [COLLECT { MATCH (o_2:Topic)-[:NARROWER]->(t) WITH o_2  ORDER BY o_2.paperCount DESC, o_2.key  LIMIT $q3
    RETURN [[o_2.paperCount, o_2.key], [o_2.key, o_2.name, null]] }, null]] AS t

// params
{
  "q1": 3,
  "q3": 2,
  "topics": [
    [
      "transformer"
    ]
  ]
}
