RETURN toString(COLLECT { MATCH (p:Paper) WHERE p.writtenAt IS NOT NULL
                               RETURN p.writtenAt AS w ORDER BY w DESC LIMIT 1 }[0]) AS written,
            COUNT { (:Paper) } AS papers,
            toString(COLLECT { MATCH (r:IngestRun) WHERE r.finishedAt IS NOT NULL
                               RETURN r.finishedAt AS f ORDER BY f DESC LIMIT 1 }[0]) AS run

// params
{}

// ---- next statement

CALL () { MATCH (p:Paper) WHERE date($from) <= p.published <= date($to) RETURN count(p) AS n1 }
          CALL () { MATCH (p:Paper) WHERE p.published < date($from) RETURN count(p) AS n0 }
          CALL (n0, n1) {
            WITH n0, n1 WHERE n0 > 0 AND n1 > 0
            MATCH (p:Paper) WHERE date($from) <= p.published <= date($to)
            MATCH (p)-[:MENTIONS]->(t:Topic)
            WITH t, count(p) AS a WHERE a >= $minPapers
            WITH t, a, CASE WHEN t.trendMonths IS NULL THEN COUNT { (t)<-[:MENTIONS]-(q:Paper) WHERE q.published < date($from) } ELSE reduce(s = 0, i IN range(0, size(t.trendMonths) - 1) |
     s + CASE WHEN t.trendMonths[i] < $fromMonth THEN t.trendCounts[i] ELSE 0 END) END AS b
            WITH t, a, b, 2.0 * (CASE WHEN a > 0 THEN toFloat(a) * log(a) ELSE 0.0 END + CASE WHEN b > 0 THEN toFloat(b) * log(b) ELSE 0.0 END + CASE WHEN (n1 - a) > 0 THEN toFloat((n1 - a)) * log((n1 - a)) ELSE 0.0 END + CASE WHEN (n0 - b) > 0 THEN toFloat((n0 - b)) * log((n0 - b)) ELSE 0.0 END + CASE WHEN (n1 + n0) > 0 THEN toFloat((n1 + n0)) * log((n1 + n0)) ELSE 0.0 END - CASE WHEN (a + b) > 0 THEN toFloat((a + b)) * log((a + b)) ELSE 0.0 END - CASE WHEN ((n1 - a) + (n0 - b)) > 0 THEN toFloat(((n1 - a) + (n0 - b))) * log(((n1 - a) + (n0 - b))) ELSE 0.0 END - CASE WHEN n1 > 0 THEN toFloat(n1) * log(n1) ELSE 0.0 END - CASE WHEN n0 > 0 THEN toFloat(n0) * log(n0) ELSE 0.0 END) AS g2
            WITH t, a, b, CASE WHEN a * n0 >= b * n1 THEN 1.0 ELSE -1.0 END *
                          sqrt(CASE WHEN g2 > 0 THEN g2 ELSE 0.0 END) AS score
            WHERE score > 0
            ORDER BY score DESC, t.key
            RETURN collect([t, a, b, score]) AS ranked
          }
         RETURN n1, n0, size(ranked) AS total, [r IN ranked[0..2000] | [r[0].key, r[1], r[2], r[3]]] AS ranked

// params
{
  "from": "2024-06-01",
  "to": "2024-06-30",
  "fromMonth": 202406,
  "toMonth": 202406,
  "minPapers": 3
}

// ---- next statement

UNWIND $ids AS id MATCH (p:Paper {id: id}) RETURN [p.id, p.title] AS p

// params
{
  "ids": []
}
