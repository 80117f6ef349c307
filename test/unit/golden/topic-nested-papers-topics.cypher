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
} UNWIND anchors AS t RETURN [t.key, t.name, t.paperCount, [COLLECT { MATCH (t)<-[m_0:MENTIONS]-(p_1:Paper) WITH m_0, p_1  ORDER BY m_0.score DESC, p_1.id  LIMIT $q5
    RETURN [[m_0.score, p_1.id], [[p_1.id, p_1.title, [COLLECT { MATCH (p_1)-[m_2:MENTIONS]->(t_3:Topic) WITH m_2, t_3  ORDER BY m_2.score DESC, t_3.key  LIMIT $q4
    RETURN [[m_2.score, t_3.key], [[t_3.key, t_3.name, null], [m_2.score, null]]] }, null]], [m_0.score, null]]] }, COUNT { (t)<-[:MENTIONS]-(:Paper) }]] AS t

// params
{
  "q4": 3,
  "q5": 5,
  "topics": [
    [
      "graph neural network"
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
} UNWIND anchors AS t RETURN [t.key, t.name, t.paperCount, [COLLECT { MATCH (t)<-[m_0:MENTIONS]-(p_1:Paper) WITH m_0, p_1  ORDER BY m_0.score DESC, p_1.id  LIMIT $q5
    RETURN [[m_0.score, p_1.id], [[p_1.id, p_1.title, [COLLECT { MATCH (p_1)-[m_2:MENTIONS]->(t_3:Topic) WITH m_2, t_3  ORDER BY m_2.score DESC, t_3.key  LIMIT $q4
    RETURN [[m_2.score, t_3.key], [[t_3.key, t_3.name, null], [m_2.score, null]]] }, null]], [m_0.score, null]]] }, COUNT { (t)<-[:MENTIONS]-(:Paper) }]] AS t

// params
{
  "q4": 3,
  "q5": 5,
  "topics": [
    [
      "graph neural network"
    ]
  ]
}
