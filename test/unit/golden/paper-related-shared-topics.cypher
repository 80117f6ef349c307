CALL () {
         UNWIND $ids AS id MATCH (p:Paper {id: id}) RETURN p, 0 AS via
         UNION
         MATCH (p:Paper {doi: $doi}) RETURN p, 1 AS via
       }
       WITH p ORDER BY via, p.id LIMIT 1
       RETURN [p.id, p.title, [COLLECT { MATCH (p)-[m_0:MENTIONS]->(t_1:Topic) WITH m_0, t_1  ORDER BY m_0.score DESC, t_1.key  LIMIT $q2
    RETURN [[m_0.score, t_1.key], [[t_1.key, t_1.name, null], [m_0.score, null]]] }, null], [COLLECT { MATCH (p)-[:SIMILAR_TO]-(q_4:Paper) WITH DISTINCT q_4
         WITH q_4, reduce(best = 0.0, x IN [(p)-[r_3:SIMILAR_TO]-(q_4) | r_3.score] |
                           CASE WHEN x > best THEN x ELSE best END) AS score_5  ORDER BY score_5 DESC, q_4.id  LIMIT $q11
    RETURN [[score_5, q_4.id], [[q_4.id, q_4.title], score_5, COLLECT { MATCH (p)-[m_7:MENTIONS]->(t_9:Topic)<-[m_8:MENTIONS]-(q_4)
          WITH t_9, m_7.score * m_8.score * log(toFloat(COUNT { (:Paper) } + 1) / toFloat(t_9.paperCount)) AS w_10
          ORDER BY w_10 DESC, t_9.key LIMIT 8
          RETURN [[t_9.key, t_9.name, null], w_10] }]] }, COUNT { MATCH (p)-[:SIMILAR_TO]-(other_6:Paper) RETURN DISTINCT other_6 }]] AS p

// params
{
  "q2": 4,
  "q11": 3,
  "ids": [
    "2401.00001"
  ],
  "doi": null
}
