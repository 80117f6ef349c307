CALL () { MATCH (p:Paper) WHERE date($from) <= p.published <= date($to) RETURN count(p) AS n1 }
          CALL () { MATCH (p:Paper) WHERE p.published < date($from) RETURN count(p) AS n0 }
          CALL (n0, n1) {
            WITH n0, n1 WHERE n0 > 0 AND n1 > 0
            MATCH (p:Paper) WHERE date($from) <= p.published <= date($to)
            MATCH (p)-[:MENTIONS]->(t:Topic)
            WITH t, count(p) AS a WHERE a >= $minPapers
            WITH t, a, reduce(s = 0, i IN range(0, size(coalesce(t.trendMonths, [])) - 1) |
     s + CASE WHEN t.trendMonths[i] < $fromMonth THEN t.trendCounts[i] ELSE 0 END) AS b
            WITH t, a, b, 2.0 * (CASE WHEN a > 0 THEN toFloat(a) * log(a) ELSE 0.0 END + CASE WHEN b > 0 THEN toFloat(b) * log(b) ELSE 0.0 END + CASE WHEN (n1 - a) > 0 THEN toFloat((n1 - a)) * log((n1 - a)) ELSE 0.0 END + CASE WHEN (n0 - b) > 0 THEN toFloat((n0 - b)) * log((n0 - b)) ELSE 0.0 END + CASE WHEN (n1 + n0) > 0 THEN toFloat((n1 + n0)) * log((n1 + n0)) ELSE 0.0 END - CASE WHEN (a + b) > 0 THEN toFloat((a + b)) * log((a + b)) ELSE 0.0 END - CASE WHEN ((n1 - a) + (n0 - b)) > 0 THEN toFloat(((n1 - a) + (n0 - b))) * log(((n1 - a) + (n0 - b))) ELSE 0.0 END - CASE WHEN n1 > 0 THEN toFloat(n1) * log(n1) ELSE 0.0 END - CASE WHEN n0 > 0 THEN toFloat(n0) * log(n0) ELSE 0.0 END) AS g2
            WITH t, a, b, CASE WHEN a * n0 >= b * n1 THEN 1.0 ELSE -1.0 END *
                          sqrt(CASE WHEN g2 > 0 THEN g2 ELSE 0.0 END) AS score
            WHERE score > 0
            ORDER BY score DESC, t.key
            RETURN collect([t, a, b, score]) AS ranked
          }
       CALL (ranked) {
         UNWIND ranked[$offset..$offset + $limit] AS r
         WITH r, r[0] AS t
         RETURN collect([[t.key, t.name, null, [[year_3 IN COLLECT { MATCH (t)<-[:MENTIONS]-(p_0:Paper) WHERE p_0.year IS NOT NULL
        RETURN DISTINCT p_0.year AS year_3 ORDER BY year_3 } |
        [year_3, COUNT { (t)<-[:MENTIONS]-(q_1:Paper) WHERE q_1.year = year_3 },
         COUNT { (r_2:Paper) WHERE r_2.year = year_3 }]], null]], r[1], r[2], r[3]]) AS page
       }
       RETURN n1, n0, size(ranked) AS total, page

// params
{
  "from": "2024-01-01",
  "to": "9999-12-31",
  "fromMonth": 202401,
  "toMonth": 999912,
  "minPapers": 3,
  "offset": 0,
  "limit": 10
}
