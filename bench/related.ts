import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { broaderCandidates } from '../ingest/hierarchy.ts';
import { ingest } from '../ingest/pipeline.ts';
import { openSource } from '../ingest/sources/index.ts';
import { runAnalytics } from '../src/analytics/run.ts';
import { PROJECT_ROOT } from '../src/config.ts';
import {
  computeHierarchy,
  computeSimilarity,
  computeVectorNorms,
  similarityOptions,
} from '../src/db/derived-graph-repo.ts';
import { connect, type Database } from '../src/db/driver.ts';
import { toNumber } from '../src/db/values.ts';
import type { PaperRecord, SourceItem } from '../src/domain/record.ts';
import { startLocalNeo4j } from '../src/local-neo4j/launcher.ts';
import { corpusSampleArgs, runBench, UsageError } from './corpus-args.ts';
import { freshDatabase } from './fresh-database.ts';
import { seededRandom, spreadSample } from './sample.ts';
import { tfidfNeighbours } from './tfidf.ts';

/**
 * npm run bench:related -- <corpus> [--sample 5000] [--seed 1] [--out bench/judged] [--judged bench/judged] [--reuse] [--json]
 * Builds the graph of a sample spread over the corpus in a Neo4j of its own and measures, side by side on
 * the same papers, how often a paper's related papers share its primary category (the venue on the
 * ML-conference corpus): this graph's, a TF-IDF cosine over title and abstract, and random papers. Then
 * how many papers have five related papers, whether each score is the sum of the weights shown, the
 * communities, and seeded samples of NARROWER edges and community labels for a reader to judge.
 * --reuse measures the graph the last run built, with similarity, hierarchy and analytics computed again.
 */
const USAGE =
  'npm run bench:related -- <corpus.jsonl.gz> [--sample N] [--seed S] [--out DIR] [--judged DIR] [--reuse [--text-share X]] [--json]';
const HOME = path.join(PROJECT_ROOT, '.data/neo4j-related');
const PORT = 7692;

async function rows<T>(db: Database, cypher: string, params: Record<string, unknown> = {}): Promise<T[]> {
  const { records } = await db.driver.executeQuery(cypher, params, { database: db.database });
  return records.map((r) => r.toObject() as T);
}

async function* replay(records: PaperRecord[]): AsyncGenerator<SourceItem> {
  for (const record of records) yield { record };
}

/** Share of the first k related papers (missing ones count as misses) that share the paper's category. */
function agreement(lists: number[][], categories: string[][], k: number): number {
  let hits = 0;
  for (let i = 0; i < lists.length; i++) {
    const primary = categories[i]?.[0];
    if (!primary) continue;
    for (const j of (lists[i] as number[]).slice(0, k)) if (categories[j]?.includes(primary)) hits++;
  }
  const counted = categories.filter((c) => c.length > 0).length;
  return hits / Math.max(1, counted * k);
}

async function openReused(): Promise<Database> {
  const handle = await startLocalNeo4j({
    home: HOME,
    boltPort: PORT,
    heap: '2g',
    pageCache: '1g',
    log: console.error,
  });
  return connect({ ...handle, database: 'neo4j' });
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      sample: { type: 'string', default: '5000' },
      seed: { type: 'string', default: '1' },
      out: { type: 'string' },
      reuse: { type: 'boolean', default: false },
      'text-share': { type: 'string' },
      judged: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const { corpus, n, seed } = corpusSampleArgs(positionals, values, USAGE);
  if (values['text-share'] !== undefined && !values.reuse)
    throw new UsageError(
      `--text-share applies to --reuse only (a fresh graph uses the ingest's own)\nusage: ${USAGE}`,
    );
  const log = (line: string) => console.error(line);

  const records = await spreadSample(() => openSource(corpus), n);
  log(`${records.length} papers spread over ${corpus}`);
  const db = values.reuse ? await openReused() : await freshDatabase(HOME, PORT, log);
  try {
    const timings: Record<string, number> = {};
    let started = performance.now();
    if (values.reuse) {
      const ids = records.map((r) => r.id).sort();
      const options = similarityOptions(records.length);
      if (values['text-share'] !== undefined) {
        const share = Number(values['text-share']);
        if (!(share >= 0 && share <= 1))
          throw new UsageError(`--text-share ${values['text-share']}: expected 0 to 1\nusage: ${USAGE}`);
        options.textShare = share;
      }
      for (let i = 0; i < ids.length; i += 500) await computeVectorNorms(db, ids.slice(i, i + 500), options);
      for (let i = 0; i < ids.length; i += 500) await computeSimilarity(db, ids.slice(i, i + 500), options);
      const keys = (
        await rows<{ key: string }>(
          db,
          "MATCH (t:Topic) WHERE t.key CONTAINS ' ' RETURN t.key AS key ORDER BY key",
        )
      ).map((r) => r.key);
      for (let i = 0; i < keys.length; i += 500)
        await computeHierarchy(
          db,
          keys.slice(i, i + 500).map((key) => ({ key, broader: broaderCandidates(key) })),
        );
      timings.similarity = performance.now() - started;
    } else {
      await ingest(db, corpus, replay(records), {});
      timings.ingest = performance.now() - started;
    }
    log(`graph ready in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    started = performance.now();
    const analytics = await runAnalytics(db);
    timings.analytics = performance.now() - started;

    const ids = (await rows<{ id: string }>(db, 'MATCH (p:Paper) RETURN p.id AS id ORDER BY id')).map(
      (r) => r.id,
    );
    const byId = new Map(records.map((r) => [r.id, r]));
    const papers = ids.map((id) => byId.get(id)).filter((r): r is PaperRecord => r !== undefined);
    const index = new Map(papers.map((p, i) => [p.id, i]));
    const categories = papers.map((p) => p.categories);

    const related = await rows<{ id: string; related: string[]; scores: number[]; sums: number[] }>(
      db,
      `MATCH (p:Paper)
       CALL (p) {
         OPTIONAL MATCH (p)-[s:SIMILAR_TO]->(q:Paper)
         WITH q, s ORDER BY s.score DESC, q.id
         RETURN collect(q.id) AS related, collect(s.score) AS scores,
                collect(reduce(t = coalesce(s.text, 0.0), w IN coalesce(s.weights, []) | t + w)) AS sums
       }
       RETURN p.id AS id, related, scores, sums`,
    );
    const graphLists: number[][] = papers.map(() => []);
    let unexplained = 0;
    let pairs = 0;
    for (const r of related) {
      const i = index.get(r.id);
      if (i === undefined) continue;
      graphLists[i] = r.related.map((q) => index.get(q)).filter((q): q is number => q !== undefined);
      r.scores.forEach((s, j) => {
        pairs++;
        if (Math.abs(toNumber(s) - toNumber(r.sums[j])) > 1e-3) unexplained++;
      });
    }
    const sharing = new Set(
      (
        await rows<{ id: string }>(
          db,
          `MATCH (p:Paper) WHERE EXISTS { (p)-[:MENTIONS]->(:Topic)<-[:MENTIONS]-(q:Paper) WHERE q <> p }
           RETURN p.id AS id`,
        )
      ).map((r) => r.id),
    );
    const withFive = papers.filter(
      (p, i) => sharing.has(p.id) && (graphLists[i] as number[]).length >= 5,
    ).length;

    started = performance.now();
    const tfidf = tfidfNeighbours(
      papers.map((p) => `${p.title}\n${p.abstract}`),
      10,
    ).map((list) => list.map((x) => x.index));
    timings.tfidf = performance.now() - started;
    const random = seededRandom(seed);
    const randomLists = papers.map((_, i) => {
      const out: number[] = [];
      while (out.length < 10 && papers.length > 10) {
        const j = Math.floor(random() * papers.length);
        if (j !== i && !out.includes(j)) out.push(j);
      }
      return out;
    });

    const result = {
      corpus,
      papers: papers.length,
      agreement: {
        graph: { at5: agreement(graphLists, categories, 5), at10: agreement(graphLists, categories, 10) },
        tfidf: { at5: agreement(tfidf, categories, 5), at10: agreement(tfidf, categories, 10) },
        random: { at5: agreement(randomLists, categories, 5), at10: agreement(randomLists, categories, 10) },
      },
      sharingPapers: sharing.size,
      withFiveRelated: withFive / Math.max(1, sharing.size),
      explained: { pairs, unexplained },
      communities: analytics.topics.communities,
      timings: Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, Math.round(v)])),
    };
    const communityRows = await rows<{ label: string; size: number }>(
      db,
      'MATCH (c:Community) RETURN c.label AS label, c.size AS size ORDER BY c.size DESC, c.label',
    );
    const concepts = await rows<{ concepts: number; ranked: number; grouped: number }>(
      db,
      `MATCH (t:Topic) WHERE t.paperCount >= 2
       RETURN count(t) AS concepts, count(t.pagerank) AS ranked, count(t.community) AS grouped`,
    );
    const narrower = await rows<{ broader: string; narrower: string }>(
      db,
      'MATCH (b:Topic)-[:NARROWER]->(t:Topic) RETURN b.name AS broader, t.name AS narrower ORDER BY b.key, t.key',
    );
    const pick = <T>(list: T[], count: number): T[] => {
      const r = seededRandom(seed);
      const pool = [...list];
      const out: T[] = [];
      while (out.length < count && pool.length > 0)
        out.push(pool.splice(Math.floor(r() * pool.length), 1)[0] as T);
      return out;
    };
    const narrowerSample = pick(narrower, 100);
    const base = path.basename(corpus).replace(/\.jsonl(\.gz)?$/, '');
    const earlier = values.judged ? await earlierJudgements(values.judged, base, narrower) : null;
    const labelSample = pick(communityRows, 50);
    const sizes = communityRows.map((c) => toNumber(c.size));

    if (values.out) {
      await mkdir(values.out, { recursive: true });
      await writeFile(
        path.join(values.out, `${base}-narrower-seed${seed}-n100.tsv`),
        `broader\tnarrower\tjudgement\n${narrowerSample.map((e) => `${e.broader}\t${e.narrower}\t`).join('\n')}\n`,
      );
      await writeFile(
        path.join(values.out, `${base}-communities-seed${seed}-n50.tsv`),
        `label\tsize\tjudgement\n${labelSample.map((c) => `${c.label}\t${toNumber(c.size)}\t`).join('\n')}\n`,
      );
    }
    if (values.json) {
      console.log(
        JSON.stringify({ ...result, concepts: concepts[0], narrower: narrower.length, earlier }, null, 2),
      );
      return;
    }
    const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
    const a = result.agreement;
    console.log(`corpus: ${corpus}, ${papers.length} papers spread over it`);
    console.log('related papers sharing the paper’s primary category (missing ones count as misses):');
    console.log('                 at 5     at 10');
    console.log(`  this graph     ${pct(a.graph.at5).padEnd(8)} ${pct(a.graph.at10)}`);
    console.log(`  TF-IDF cosine  ${pct(a.tfidf.at5).padEnd(8)} ${pct(a.tfidf.at10)}`);
    console.log(`  random papers  ${pct(a.random.at5).padEnd(8)} ${pct(a.random.at10)}`);
    console.log(
      `  graph / TF-IDF ${(a.graph.at5 / a.tfidf.at5).toFixed(2)}×    ${(a.graph.at10 / a.tfidf.at10).toFixed(2)}×`,
    );
    console.log(
      `papers sharing a concept with another: ${sharing.size}; of them with ≥ 5 related papers: ${pct(result.withFiveRelated)}`,
    );
    console.log(`related pairs whose score is not the sum of the weights shown: ${unexplained} of ${pairs}`);
    const c = concepts[0];
    console.log(
      `concepts with ≥ 2 papers: ${toNumber(c?.concepts)}; with a PageRank ${toNumber(c?.ranked)}, in a community ${toNumber(c?.grouped)}`,
    );
    console.log(
      `communities: ${sizes.length}; sizes: largest ${sizes.slice(0, 5).join(', ')}, median ${sizes[Math.floor(sizes.length / 2)] ?? 0}, of 2 topics ${sizes.filter((s) => s === 2).length}`,
    );
    console.log(`NARROWER edges: ${narrower.length}`);
    if (earlier) {
      const share = (x: { correct: number; judged: number }) =>
        `${x.correct} of ${x.judged} judged correct (${pct(x.correct / Math.max(1, x.judged))})`;
      console.log(
        `  judgements in ${earlier.sheets} earlier sheets of edges the graph still has: ${share(earlier.kept)}`,
      );
      console.log(`  and that it no longer has: ${share(earlier.gone)}`);
    }
    console.log(`timings (ms): ${JSON.stringify(result.timings)}`);
    console.log(`\n50 community labels (seed ${seed}):`);
    for (const l of labelSample) console.log(`  ${l.label} (${toNumber(l.size)})`);
    console.log(`\n100 NARROWER edges (seed ${seed}):`);
    for (const e of narrowerSample) console.log(`  ${e.broader} → ${e.narrower}`);
  } finally {
    await db.close();
  }
}

/**
 * What earlier readers said of the NARROWER edges the graph still has, and of those it has lost: every
 * judged narrower sheet of this corpus in `dir`, matched by the two topics' names (an edge on two sheets
 * counts twice: each is a reader's judgement).
 */
async function earlierJudgements(dir: string, base: string, edges: { broader: string; narrower: string }[]) {
  const now = new Set(edges.map((e) => `${e.broader}\t${e.narrower}`));
  const kept = { correct: 0, judged: 0 };
  const gone = { correct: 0, judged: 0 };
  let sheets = 0;
  for (const file of (await readdir(dir))
    .filter((f) => f.startsWith(`${base}-narrower-`) && f.endsWith('.tsv'))
    .sort()) {
    const lines = (await readFile(path.join(dir, file), 'utf8')).split('\n').slice(1);
    const judged = lines.map((l) => l.split('\t')).filter((c) => c[2]);
    if (judged.length === 0) continue;
    sheets++;
    for (const [broader, narrower, judgement] of judged) {
      const into = now.has(`${broader}\t${narrower}`) ? kept : gone;
      into.judged++;
      if (judgement === 'CORRECT') into.correct++;
    }
  }
  return { sheets, kept, gone };
}

runBench(main);
