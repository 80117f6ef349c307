CALL () {
         UNWIND $ids AS id MATCH (p:Paper {id: id}) RETURN p, 0 AS via
         UNION
         MATCH (p:Paper {doi: $doi}) RETURN p, 1 AS via
       }
       WITH p ORDER BY via, p.id LIMIT 1
       RETURN [p.id, p.title, [COLLECT { MATCH (p)-[m_0:MENTIONS]->(t_1:Topic) WITH m_0, t_1  ORDER BY m_0.score DESC, t_1.key  LIMIT $q2
    RETURN [[m_0.score, t_1.key], [[t_1.key, t_1.name, null], [m_0.score, null]]] }, null], [COLLECT { MATCH (p)-[:SIMILAR_TO]-(q_4:Paper) WITH DISTINCT q_4
         WITH q_4, reduce(b = null, x IN [(p)-[r_3:SIMILAR_TO]-(q_4) | r_3] |
                           CASE WHEN b IS NULL OR x.score > b.score THEN x ELSE b END) AS best_6
         WITH q_4, best_6, best_6.score AS score_5  ORDER BY score_5 DESC, q_4.id  LIMIT $q11
    RETURN [[score_5, q_4.id], [[q_4.id, q_4.title], score_5, COLLECT { UNWIND range(0, size(coalesce(best_6.weights, [])) - 1) AS i_8 MATCH (t_9:Topic {key: best_6.shared[i_8]})
             RETURN [[t_9.key, t_9.name, null], best_6.weights[i_8]] }, COLLECT { UNWIND range(0, size(coalesce(best_6.weights, [])) - 1) AS i_8 MATCH (ph_10:Phrase {key: best_6.shared[i_8]}) WHERE NOT ph_10:Topic
             RETURN [ph_10.name, best_6.weights[i_8]] }, coalesce(best_6.text, 0.0)]] }, COUNT { MATCH (p)-[:SIMILAR_TO]-(other_7:Paper) RETURN DISTINCT other_7 }]] AS p

// params
{
  "q2": 4,
  "q11": 3,
  "ids": [
    "2401.00001"
  ],
  "doi": null
}
