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
} UNWIND anchors AS t RETURN [t.key, t.name, null, [COLLECT { MATCH (t)<-[m_0:MENTIONS]-(p_1:Paper) WITH m_0, p_1  ORDER BY p_1.published IS NULL, coalesce(p_1.published, date('0001-01-01')) DESC, m_0.score DESC, p_1.id  LIMIT $q2
    RETURN [[p_1.published IS NULL, toString(coalesce(p_1.published, date('0001-01-01'))), m_0.score, p_1.id], [[p_1.id, p_1.title], [m_0.score, null]]] }, null], [COLLECT { MATCH (t)<-[m_3:MENTIONS]-(p_4:Paper) WITH m_3, p_4  ORDER BY m_3.score DESC, p_4.id  LIMIT $q5
    RETURN [[m_3.score, p_4.id], [[p_4.id, p_4.title], [m_3.score, null]]] }, null]] AS t

// params
{
  "q2": 2,
  "q5": 5,
  "topics": [
    [
      "ssl"
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
} UNWIND anchors AS t RETURN [t.key, t.name, null, [COLLECT { MATCH (t)<-[m_0:MENTIONS]-(p_1:Paper) WITH m_0, p_1  ORDER BY p_1.published IS NULL, coalesce(p_1.published, date('0001-01-01')) DESC, m_0.score DESC, p_1.id  LIMIT $q2
    RETURN [[p_1.published IS NULL, toString(coalesce(p_1.published, date('0001-01-01'))), m_0.score, p_1.id], [[p_1.id, p_1.title], [m_0.score, null]]] }, null], [COLLECT { MATCH (t)<-[m_3:MENTIONS]-(p_4:Paper) WITH m_3, p_4  ORDER BY m_3.score DESC, p_4.id  LIMIT $q5
    RETURN [[m_3.score, p_4.id], [[p_4.id, p_4.title], [m_3.score, null]]] }, null]] AS t

// params
{
  "q2": 2,
  "q5": 5,
  "topics": [
    [
      "ssl"
    ]
  ]
}
