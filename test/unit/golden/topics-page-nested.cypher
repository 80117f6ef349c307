CALL () { MATCH (t:Topic)  RETURN count(t) AS total }
       CALL () {
         MATCH (t:Topic) 
         WITH t 
         WITH t ORDER BY t.pagerank IS NULL, coalesce(t.pagerank, 0.0) DESC, t.paperCount DESC, t.key SKIP $offset LIMIT $limit
         WITH [[t.pagerank IS NULL, coalesce(t.pagerank, 0.0), t.paperCount, t.key], [t.key, t.name, null, [COLLECT { MATCH (t)-[c_0:CO_OCCURS]-(o_1:Topic)
         WITH o_1, c_0, c_0.papers * CASE WHEN c_0.pmi > 0 THEN c_0.pmi ELSE 0.0 END AS w_2  ORDER BY w_2 DESC, c_0.papers DESC, o_1.key  LIMIT $q3
    RETURN [[w_2, c_0.papers, o_1.key], [[o_1.key, o_1.name, null], COUNT { (t)<-[:MENTIONS]-(:Paper)-[:MENTIONS]->(o_1) }, c_0.pmi, w_2]] }, null]]] AS entry
           RETURN collect(entry) AS page
       }
       RETURN page, total

// params
{
  "q3": 2,
  "needle": null,
  "minPapers": 0,
  "community": null,
  "offset": 0,
  "limit": 11
}

// ---- next statement

CALL () { MATCH (t:Topic)  RETURN count(t) AS total }
       CALL () {
         MATCH (t:Topic) 
         WITH t 
         WITH t ORDER BY t.pagerank IS NULL, coalesce(t.pagerank, 0.0) DESC, t.paperCount DESC, t.key SKIP $offset LIMIT $limit
         WITH [[t.pagerank IS NULL, coalesce(t.pagerank, 0.0), t.paperCount, t.key], [t.key, t.name, t.paperCount, t.aliases, t.pagerank, t.betweenness, t.community, t.growth, t.otherSenses]] AS entry
           RETURN collect(entry) AS page
       }
       RETURN page, total

// params
{
  "needle": null,
  "minPapers": 0,
  "community": null,
  "offset": 0,
  "limit": 0
}
