import { type ExportTopic, streamTopicGraph } from '../db/analytics-repo.ts';
import type { Database } from '../db/driver.ts';
import { Graph, gexf } from './graphology.ts';

export type ExportFormat = 'gexf' | 'graphml' | 'json';
export const EXPORT_FORMATS: ExportFormat[] = ['gexf', 'graphml', 'json'];

// a topic added after the last analytics run has no PageRank or community yet: left out, not written as 0 or -1
type NodeAttributes = { label: string; paperCount: number; pagerank?: number; community?: number };
type EdgeAttributes = { weight: number; papers: number; pmi: number };

/** The topic co-occurrence graph (topics of at least `minPapers` papers), as Gephi, NetworkX and Cytoscape read it. */
export async function exportTopicGraph(
  db: Database,
  format: ExportFormat,
  minPapers: number,
): Promise<string> {
  const graph = new Graph<NodeAttributes, EdgeAttributes>({ type: 'undirected', multi: false });
  const node = (t: ExportTopic) =>
    graph.mergeNode(t.key, {
      label: t.name,
      paperCount: t.paperCount,
      ...(t.pagerank === null ? {} : { pagerank: t.pagerank }),
      ...(t.community === null ? {} : { community: t.community }),
    });
  await streamTopicGraph(db, minPapers, (e) => {
    node(e.a);
    node(e.b);
    if (!graph.hasEdge(e.a.key, e.b.key)) {
      graph.addEdge(e.a.key, e.b.key, {
        weight: e.papers * Math.max(0, e.pmi),
        papers: e.papers,
        pmi: e.pmi,
      });
    }
  });
  if (format === 'gexf') return gexfText(graph);
  if (format === 'json') return `${JSON.stringify(graph.export())}\n`;
  return graphml(graph);
}

/** GEXF 1.2's viz namespace; graphology-gexf 0.13 writes `http:///www.gexf.net/1.1draft/viz` instead. */
export const GEXF_VIZ_NAMESPACE = 'http://www.gexf.net/1.2draft/viz';

function gexfText(graph: InstanceType<typeof Graph<NodeAttributes, EdgeAttributes>>): string {
  const text = gexf.write(graph as never, { version: '1.2' });
  return text.replace(/xmlns:viz="[^"]*"/, `xmlns:viz="${GEXF_VIZ_NAMESPACE}"`);
}

const xml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c,
  );

/** GraphML 1.0 with typed attribute keys (graphology-graphml writes only in browsers). */
function graphml(graph: InstanceType<typeof Graph<NodeAttributes, EdgeAttributes>>): string {
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
    '  <key id="label" for="node" attr.name="label" attr.type="string"/>',
    '  <key id="paperCount" for="node" attr.name="paperCount" attr.type="int"/>',
    '  <key id="pagerank" for="node" attr.name="pagerank" attr.type="double"/>',
    '  <key id="community" for="node" attr.name="community" attr.type="int"/>',
    '  <key id="weight" for="edge" attr.name="weight" attr.type="double"/>',
    '  <key id="papers" for="edge" attr.name="papers" attr.type="int"/>',
    '  <key id="pmi" for="edge" attr.name="pmi" attr.type="double"/>',
    '  <graph id="topics" edgedefault="undirected">',
  ];
  graph.forEachNode((key, a) => {
    out.push(
      `    <node id="${xml(key)}"><data key="label">${xml(a.label)}</data><data key="paperCount">${a.paperCount}</data>${a.pagerank === undefined ? '' : `<data key="pagerank">${a.pagerank}</data>`}${a.community === undefined ? '' : `<data key="community">${a.community}</data>`}</node>`,
    );
  });
  graph.forEachEdge((_edge, a, source, target) => {
    out.push(
      `    <edge source="${xml(source)}" target="${xml(target)}"><data key="weight">${a.weight}</data><data key="papers">${a.papers}</data><data key="pmi">${a.pmi}</data></edge>`,
    );
  });
  out.push('  </graph>', '</graphml>', '');
  return out.join('\n');
}
