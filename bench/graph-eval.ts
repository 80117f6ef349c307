import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ingest } from '../ingest/pipeline.ts';
import { openSource } from '../ingest/sources/index.ts';
import { looksLikeAcronym } from '../ingest/stages/04-acronyms.ts';
import { PROJECT_ROOT } from '../src/config.ts';
import type { Database } from '../src/db/driver.ts';
import { toNumber } from '../src/db/values.ts';
import type { PaperRecord, SourceItem } from '../src/domain/record.ts';
import { corpusSampleArgs, runBench, UsageError } from './corpus-args.ts';
import { freshDatabase } from './fresh-database.ts';
import { seededRandom, spreadSample } from './sample.ts';

/**
 * npm run eval:graph -- <corpus> [--sample 5000] [--seed 1] [--judge 150] [--out bench/judged] [--topics FILE] [--json]
 * Builds the graph of a sample spread over the corpus (every k-th paper: the corpora are sorted by date) in
 * a Neo4j of its own and prints what the vocabulary is made of: how many papers each topic has, the most
 * frequent topics, a seeded random sample of topics for a reader to judge, acronym-named topics whose long
 * form is known, space/hyphen variants left apart, and topic recall.
 */
const USAGE =
  'npm run eval:graph -- <corpus.jsonl.gz> [--sample N] [--seed S] [--judge N] [--out DIR] [--topics FILE] [--json]';
const HOME = path.join(PROJECT_ROOT, '.data/neo4j-eval');

interface TopicRow {
  key: string;
  name: string;
  aliases: string[];
  papers: number;
}

async function rows<T>(db: Database, cypher: string, params: Record<string, unknown> = {}): Promise<T[]> {
  const { records } = await db.driver.executeQuery(cypher, params, { database: db.database });
  return records.map((r) => r.toObject() as T);
}

const WORD = /[\p{L}\p{N}]+/gu;
const tokensOf = (text: string, keepCase = false) =>
  ((keepCase ? text : text.toLowerCase()).match(WORD) ?? []) as string[];

interface Recall {
  recall: number;
  pairs: number;
  missed: { topic: string; paper: string }[];
}

/**
 * Of the papers whose title or abstract holds one of the topic's names as whole words, those linked to it:
 * by the names written out (any case), and by its acronyms (as written: "GAs" is not "gas"). An acronym is
 * an alias only in the fields that define it, so the second share stays below one by design ("CR" in a
 * Calabi-Yau paper is no "cognitive radio").
 */
function recall(
  topics: TopicRow[],
  papers: { id: string; text: string }[],
  linked: Map<string, Set<string>>,
): { written: Recall; acronyms: Recall } {
  const index = (keepCase: boolean) => {
    const tokens = papers.map((p) => tokensOf(p.text, keepCase));
    const postings = new Map<string, number[]>();
    tokens.forEach((list, i) => {
      for (const t of new Set(list)) {
        const posting = postings.get(t);
        if (posting) posting.push(i);
        else postings.set(t, [i]);
      }
    });
    return { tokens, postings };
  };
  const indexes = { lower: index(false), cased: index(true) };
  const contains = (list: string[], phrase: string[]) => {
    for (let i = 0; i + phrase.length <= list.length; i++) {
      let ok = true;
      for (let j = 0; j < phrase.length && ok; j++) ok = list[i + j] === phrase[j];
      if (ok) return true;
    }
    return false;
  };
  const tally = () => ({ found: 0, hits: 0, missed: [] as { topic: string; paper: string }[] });
  const written = tally();
  const acronyms = tally();
  for (const t of topics) {
    const names = [...new Set([t.name, ...t.aliases])];
    const using = new Map<number, typeof written>();
    for (const name of names) {
      const acronym = looksLikeAcronym(name.replace(/s$/, ''));
      const { tokens, postings } = acronym ? indexes.cased : indexes.lower;
      const phrase = tokensOf(name, acronym);
      if (phrase.length === 0) continue;
      const rarest = [...phrase].sort(
        (a, b) => (postings.get(a)?.length ?? 0) - (postings.get(b)?.length ?? 0),
      )[0];
      for (const i of postings.get(rarest as string) ?? []) {
        if (using.get(i) !== written && contains(tokens[i] as string[], phrase))
          using.set(i, acronym ? acronyms : written);
      }
    }
    const mine = linked.get(t.key) ?? new Set();
    for (const [i, by] of using) {
      by.found++;
      const id = (papers[i] as { id: string }).id;
      if (mine.has(id)) by.hits++;
      else if (by.missed.length < 2000) by.missed.push({ topic: t.name, paper: id });
    }
  }
  const share = (x: typeof written): Recall => ({
    recall: x.found === 0 ? 1 : x.hits / x.found,
    pairs: x.found,
    missed: x.missed,
  });
  return { written: share(written), acronyms: share(acronyms) };
}

const byKey = (topics: TopicRow[]) => [...topics].sort((a, b) => a.key.localeCompare(b.key));

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      sample: { type: 'string', default: '5000' },
      seed: { type: 'string', default: '1' },
      judge: { type: 'string', default: '150' },
      out: { type: 'string' },
      topics: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const { corpus, n, seed } = corpusSampleArgs(positionals, values, USAGE);
  const judge = Number(values.judge);
  if (!Number.isInteger(judge) || judge < 0)
    throw new UsageError(`--judge ${values.judge}: expected a whole number\nusage: ${USAGE}`);
  const log = (line: string) => console.error(line);

  const records: PaperRecord[] = await spreadSample(() => openSource(corpus), n);
  log(`${records.length} papers spread over ${corpus}`);
  const db = await freshDatabase(HOME, 7691, log);
  try {
    const started = performance.now();
    const summary = await ingest(db, corpus, replay(records), {});
    log(`ingested ${summary.written} papers in ${((performance.now() - started) / 1000).toFixed(0)} s`);

    const [counts] = await rows<{ papers: number; topics: number; mentions: number }>(
      db,
      `CALL () { MATCH (p:Paper) RETURN count(p) AS papers }
       CALL () { MATCH (t:Topic) RETURN count(t) AS topics }
       CALL () { MATCH (:Paper)-[m:MENTIONS]->(:Topic) RETURN count(m) AS mentions }
       RETURN papers, topics, mentions`,
    );
    const papers = toNumber(counts?.papers);
    const topicCount = toNumber(counts?.topics);
    const mentions = toNumber(counts?.mentions);
    const topics = (
      await rows<TopicRow>(
        db,
        `MATCH (t:Topic)
         RETURN t.key AS key, t.name AS name, coalesce(t.aliases, []) AS aliases,
                COUNT { (t)<-[:MENTIONS]-(:Paper) } AS papers`,
      )
    ).map((t) => ({ ...t, papers: toNumber(t.papers) }));
    const share = (min: number, max = Number.POSITIVE_INFINITY) =>
      topics.filter((t) => t.papers >= min && t.papers <= max).length / Math.max(topics.length, 1);
    const multi = topics.filter((t) => t.papers >= 2);
    const top = [...topics].sort((a, b) => b.papers - a.papers || a.key.localeCompare(b.key)).slice(0, 100);

    const random = seededRandom(seed);
    const pool = byKey(multi);
    const judged: TopicRow[] = [];
    while (judged.length < judge && pool.length > 0) {
      judged.push(pool.splice(Math.floor(random() * pool.length), 1)[0] as TopicRow);
    }

    const acronymNamed = await rows<{ name: string; longForm: string | null; papers: number }>(
      db,
      `MATCH (t:Topic)
       OPTIONAL MATCH (a:Alias)-[:ALIAS_OF]->(long:Topic) WHERE a.short = t.name AND long <> t
       RETURN t.name AS name, collect(long.name)[0] AS longForm, t.paperCount AS papers`,
    );
    const acronymDisplayed = acronymNamed.filter(
      (r) =>
        looksLikeAcronym(r.name.replace(/s$/, '')) &&
        (r.longForm !== null ||
          topics.some((t) => t.name === r.name && t.aliases.some((a) => !looksLikeAcronym(a)))),
    );

    const glued = new Map<string, TopicRow[]>();
    for (const t of topics) {
      const g = t.key.replace(/[\s-]+/g, '');
      const list = glued.get(g);
      if (list) list.push(t);
      else glued.set(g, [t]);
    }
    const variants = [...glued.values()].filter((g) => g.length > 1);

    const texts = await rows<{ id: string; text: string }>(
      db,
      `MATCH (p:Paper) RETURN p.id AS id, p.title + ' \n ' + p.abstract AS text`,
    );
    const links = await rows<{ key: string; ids: string[] }>(
      db,
      `MATCH (t:Topic)<-[:MENTIONS]-(p:Paper) WHERE t.paperCount >= 2 RETURN t.key AS key, collect(p.id) AS ids`,
    );
    const linked = new Map(links.map((l) => [l.key, new Set(l.ids)]));
    const r = recall(multi, texts, linked);

    const result = {
      corpus,
      papers,
      topics: topicCount,
      mentionsPerPaper: mentions / Math.max(papers, 1),
      topicShare: { one: share(1, 1), twoOrMore: share(2), fiveOrMore: share(5), twentyOrMore: share(20) },
      mostPapers: top.slice(0, 50).map((t) => ({ name: t.name, papers: t.papers })),
      judgeSample: judged.map((t) => ({ name: t.name, papers: t.papers })),
      acronymDisplayed: acronymDisplayed.map((a) => a.name),
      variantGroups: variants.map((g) => g.map((t) => t.name)),
      recall: {
        value: r.written.recall,
        pairs: r.written.pairs,
        missed: r.written.missed.slice(0, 40),
        acronyms: {
          value: r.acronyms.recall,
          pairs: r.acronyms.pairs,
          missed: r.acronyms.missed.slice(0, 40),
        },
      },
    };
    if (values.out) await writeJudging(values.out, seed, corpus, db, judged, top);
    // every topic of two or more papers, to compare two vocabularies of the same sample
    if (values.topics)
      await writeFile(
        values.topics,
        `key\tname\tpapers\n${byKey(multi)
          .map((t) => `${t.key}\t${t.name}\t${t.papers}`)
          .join('\n')}\n`,
      );

    if (values.json) {
      console.log(JSON.stringify(result, null, 2));
      return;
    }
    const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
    console.log(`corpus: ${corpus}, ${papers} papers spread over it`);
    console.log(`topics: ${topicCount}; mentions per paper ${result.mentionsPerPaper.toFixed(1)}`);
    console.log(
      `topics in 1 paper ${pct(result.topicShare.one)}, ≥ 2 ${pct(result.topicShare.twoOrMore)}, ≥ 5 ${pct(result.topicShare.fiveOrMore)}, ≥ 20 ${pct(result.topicShare.twentyOrMore)}`,
    );
    console.log(
      `topic recall (topics with ≥ 2 papers): ${r.written.recall.toFixed(3)} over ${r.written.pairs} topic–paper pairs whose text writes out one of the topic's names`,
    );
    console.log(
      `  by acronym alone (as written, linked only in the fields that define it): ${r.acronyms.recall.toFixed(3)} over ${r.acronyms.pairs} pairs`,
    );
    console.log(`topics displayed by an acronym whose long form is known: ${acronymDisplayed.length}`);
    for (const a of acronymDisplayed.slice(0, 20))
      console.log(`  ${a.name}${a.longForm ? ` (${a.longForm})` : ''}`);
    console.log(`groups of topics equal without spaces and hyphens: ${variants.length}`);
    for (const g of variants.slice(0, 20)) console.log(`  ${g.map((t) => t.name).join(' / ')}`);
    console.log('\n50 topics with most papers:');
    console.log(result.mostPapers.map((t) => `${t.name} (${t.papers})`).join(', '));
    console.log(`\n${judged.length} random topics with ≥ 2 papers (seed ${seed}):`);
    console.log(judged.map((t) => `${t.name} (${t.papers})`).join(', '));
    console.log('\nsome papers that name a topic but are not linked to it:');
    for (const m of r.written.missed.slice(0, 15)) console.log(`  ${m.topic} ← ${m.paper}`);
  } finally {
    await db.close();
  }
}

/** The judging sheets: item, papers, three of its papers' titles for context; the verdict column empty. */
async function writeJudging(
  dir: string,
  seed: number,
  corpus: string,
  db: Database,
  sample: TopicRow[],
  top: TopicRow[],
): Promise<void> {
  await mkdir(dir, { recursive: true });
  const titles = await rows<{ key: string; titles: string[] }>(
    db,
    `UNWIND $keys AS key MATCH (t:Topic {key: key})<-[m:MENTIONS]-(p:Paper)
     WITH key, p ORDER BY m.score DESC
     RETURN key, collect(p.title)[..3] AS titles`,
    { keys: [...new Set([...sample, ...top].map((t) => t.key))] },
  );
  const byKey = new Map(titles.map((t) => [t.key, t.titles]));
  const clean = (s: string) => s.replace(/\s+/g, ' ').trim();
  const sheet = (list: TopicRow[]) =>
    `item\tpapers\tverdict\treason\texample titles\n${list
      .map((t) => `${clean(t.name)}\t${t.papers}\t\t\t${(byKey.get(t.key) ?? []).map(clean).join(' | ')}`)
      .join('\n')}\n`;
  const name = path.basename(corpus).replace(/\.jsonl(\.gz)?$/, '');
  await writeFile(path.join(dir, `${name}-topics-seed${seed}-n${sample.length}.tsv`), sheet(sample));
  await writeFile(path.join(dir, `${name}-top${top.length}.tsv`), sheet(top));
}

async function* replay(records: PaperRecord[]): AsyncGenerator<SourceItem> {
  for (const record of records) yield { record };
}

runBench(main);
