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
         UNWIND ranked[0..100] AS r
         WITH r[0] AS t, r[3] AS z
         MATCH (t)<-[m:MENTIONS]-(p:Paper) WHERE date($from) <= p.published <= date($to)
         WITH p, t, z, z * m.score AS part, m.score AS centrality ORDER BY part DESC, t.key
         WITH p, sum(part) AS score, collect([t, z, centrality])[0..5] AS reasons
         ORDER BY score DESC, p.id
         RETURN collect([p, score, reasons]) AS papers
       }
       CALL (papers) {
         UNWIND papers[$offset..$offset + $limit] AS e
         WITH e, e[0] AS p
         CALL (e) {
           UNWIND e[2] AS x
           WITH x, x[0] AS t
           RETURN collect([[t.key, t.name, t.paperCount, t.aliases, t.pagerank, t.betweenness, t.community, t.growth, t.otherSenses], x[1], x[2]]) AS reasons
         }
         RETURN collect([[p.id, p.title], e[1], reasons]) AS page
       }
       RETURN size(papers) AS total, page

// params
{
  "from": "2024-06-01",
  "to": "2024-06-30",
  "fromMonth": 202406,
  "toMonth": 202406,
  "minPapers": 3,
  "offset": 0,
  "limit": 5
}
