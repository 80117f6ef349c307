CALL () {
        RETURN null AS total
      }
      CALL () {
        MATCH (p:Paper) WITH p, 0.0 AS score 
        WITH p, score 
        WITH p, score ORDER BY p.addedAt, p.position, p.id SKIP $offset LIMIT $limit
        WITH [[toString(p.addedAt), p.position, p.id], [p.id, p.title, [COLLECT { MATCH (p)-[m_0:MENTIONS]->(t_1:Topic) WITH m_0, t_1  ORDER BY m_0.score DESC, t_1.key  LIMIT $q2
    RETURN [[m_0.score, t_1.key], [[t_1.key, t_1.name, t_1.paperCount], [m_0.score, null]]] }, null]]] AS entry
           RETURN collect(entry) AS page
      }
      RETURN page, total

// params
{
  "q2": 5,
  "topics": [],
  "search": null,
  "category": null,
  "author": null,
  "from": null,
  "to": null,
  "offset": 0,
  "limit": 5
}

// ---- next statement

CALL () {
        RETURN null AS total
      }
      CALL () {
        MATCH (p:Paper) WITH p, 0.0 AS score 
        WITH p, score 
        WITH p, score ORDER BY p.addedAt, p.position, p.id SKIP $offset LIMIT $limit
        WITH [[toString(p.addedAt), p.position, p.id], [p.id, p.title, [COLLECT { MATCH (p)-[m_0:MENTIONS]->(t_1:Topic) WITH m_0, t_1  ORDER BY m_0.score DESC, t_1.key  LIMIT $q2
    RETURN [[m_0.score, t_1.key], [[t_1.key, t_1.name, t_1.paperCount], [m_0.score, null]]] }, null]]] AS entry
           RETURN collect(entry) AS page
      }
      RETURN page, total

// params
{
  "q2": 5,
  "topics": [],
  "search": null,
  "category": null,
  "author": null,
  "from": null,
  "to": null,
  "offset": 0,
  "limit": 5
}
