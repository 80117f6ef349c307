import { parseArgs } from 'node:util';
import { runAnalytics } from '../src/analytics/run.ts';
import { createApp } from '../src/app.ts';
import { requireFile } from '../src/cli-errors.ts';
import { close, listen } from '../src/server.ts';
import { launchChromium } from '../test/support/browser.ts';
import { count, database, load } from './api/graph.ts';

/**
 * npm run bench:explorer -- [corpus] [--papers N] [--topics T] [--depth D] [--limit L]
 * The explorer in headless Chromium (software WebGL: no GPU here) on the API bench's graph (20,000 papers,
 * Neo4j on port 7690, kept between runs): for the T most connected topics, a neighbourhood of L topics at
 * depth D: time until drawn (query + layout + first frame), layout time, frame times while the camera
 * zooms and pans for 3 s, and the time from a pointer move onto a node to its highlight.
 */
const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    papers: { type: 'string', default: '20000' },
    topics: { type: 'string', default: '5' },
    depth: { type: 'string', default: '2' },
    limit: { type: 'string', default: '500' },
  },
});
const corpus = requireFile(
  positionals[0] ?? '../shared/corpus/arxiv-100k.jsonl.gz',
  'give the corpus to read as the first argument',
);
const log = (line: string) => console.error(line);

interface ExplorerWindow {
  explorer: {
    view: {
      layoutMs: number;
      graph: { order: number; size: number; nodes(): string[] };
      renderer: {
        getCamera(): { animate(state: object, options: object): Promise<void> };
      };
      screenPosition(n: string): { x: number; y: number };
      describe(n: string): { label: string };
    };
  };
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

const { db } = await database(log);
const browser = await launchChromium();
try {
  await load(db, corpus, Number(values.papers), log);
  if ((await count(db, 'MATCH (t:Topic) WHERE t.pagerank IS NOT NULL RETURN count(t)')) === 0) {
    log('running analytics once (PageRank, communities)');
    await runAnalytics(db);
  }
  const { records } = await db.driver.executeQuery(
    'MATCH (t:Topic) WHERE t.degree IS NOT NULL RETURN t.name AS name ORDER BY t.degree DESC LIMIT toInteger($n)',
    { n: Number(values.topics) },
    { database: db.database },
  );
  const topics = records.map((r) => r.get('name') as string);
  const server = await listen(createApp(db, { logging: false }), 0, '127.0.0.1');
  const address = server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  // tsx compiles with keepNames: functions sent to the page call esbuild's __name helper
  await page.addInitScript('globalThis.__name = (f) => f;');
  await page.goto(`${base}/explore`);
  await page.waitForFunction(() => document.body.dataset.state === 'ready');

  const rows: string[] = [];
  // each topic twice: the drawing measured, and a 25-topic one as the reference on the same page
  const totals = new Map<string, { frames: number[]; hovers: number[] }>();
  const runs = [
    { limit: values.limit, depth: values.depth },
    { limit: '25', depth: '1' },
  ];
  for (const [topic, run] of topics.flatMap((t) => runs.map((r) => [t, r] as const))) {
    const all = totals.get(run.limit) ?? { frames: [], hovers: [] };
    totals.set(run.limit, all);
    const allFrames = all.frames;
    const allHovers = all.hovers;
    const started = performance.now();
    await page.goto(
      `${base}/explore#topic=${encodeURIComponent(topic)}&depth=${run.depth}&limit=${run.limit}`,
    );
    await page.waitForSelector(`.topic-panel[data-topic="${topic.replace(/"/g, '\\"')}"]`, {
      timeout: 60_000,
    });
    await page.waitForFunction(() => document.body.dataset.state === 'ready');
    // the first frame after the panel: the drawing is on screen
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
    const drawnMs = performance.now() - started;
    const { order, size, layoutMs } = await page.evaluate(() => {
      const view = (window as unknown as ExplorerWindow).explorer.view;
      return { order: view.graph.order, size: view.graph.size, layoutMs: view.layoutMs };
    });

    const frames = await page.evaluate(async () => {
      const camera = (window as unknown as ExplorerWindow).explorer.view.renderer.getCamera();
      const times: number[] = [];
      let running = true;
      let last = performance.now();
      const tick = (t: number) => {
        times.push(t - last);
        last = t;
        if (running) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
      await camera.animate({ ratio: 0.25, x: 0.65, y: 0.35 }, { duration: 1000 });
      await camera.animate({ x: 0.35, y: 0.65 }, { duration: 1000 });
      await camera.animate({ ratio: 1, x: 0.5, y: 0.5 }, { duration: 1000 });
      running = false;
      return times.slice(1);
    });
    allFrames.push(...frames);

    const box = await page.locator('#graph').boundingBox();
    const targets = await page.evaluate(() => {
      const view = (window as unknown as ExplorerWindow).explorer.view;
      return view.graph
        .nodes()
        .filter((_, i) => i % 25 === 1)
        .map((id) => ({ ...view.screenPosition(id), label: view.describe(id).label }));
    });
    const hovers: number[] = [];
    for (const t of targets) {
      if (t.x < 20 || t.y < 20 || t.x > (box?.width ?? 0) - 20 || t.y > (box?.height ?? 0) - 250) continue;
      await page.mouse.move(1, 1);
      const t0 = performance.now();
      await page.mouse.move((box?.x ?? 0) + t.x, (box?.y ?? 0) + t.y, { steps: 2 });
      const shown = await page
        .waitForFunction(() => !document.getElementById('tooltip')?.hidden, null, { timeout: 2000 })
        .then(() => true)
        .catch(() => false);
      if (!shown) continue;
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
      hovers.push(performance.now() - t0);
    }
    allHovers.push(...hovers);
    const sorted = [...frames].sort((a, b) => a - b);
    const fps = (frames.length / frames.reduce((a, b) => a + b, 0)) * 1000;
    const hs = [...hovers].sort((a, b) => a - b);
    rows.push(
      `| ${topic} | ${run.depth} | ${order} | ${size} | ${drawnMs.toFixed(0)} | ${layoutMs.toFixed(0)} | ${fps.toFixed(0)} | ${quantile(sorted, 0.95).toFixed(1)} | ${hs.length ? quantile(hs, 0.5).toFixed(0) : '–'} |`,
    );
    log(`${topic}: ${order} topics, ${size} edges, drawn in ${drawnMs.toFixed(0)} ms, ${fps.toFixed(0)} fps`);
  }
  await close(server);

  const papers = await count(db, 'MATCH (p:Paper) RETURN count(p)');
  console.log(`\nExplorer on ${papers} papers, headless Chromium (software WebGL: no GPU), 1400×900\n`);
  console.log(
    '| topic | depth | nodes | edges | drawn ms | layout ms | fps while zooming/panning | p95 frame ms | hover → highlight ms |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const row of rows) console.log(row);
  const summary = (limit: string) => {
    const { frames, hovers } = totals.get(limit) ?? { frames: [], hovers: [] };
    const fps = (frames.length / frames.reduce((a, b) => a + b, 0)) * 1000;
    const hover = quantile(
      [...hovers].sort((a, b) => a - b),
      0.5,
    );
    return {
      fps,
      hover,
      p95: quantile(
        [...frames].sort((a, b) => a - b),
        0.95,
      ),
    };
  };
  const big = summary(values.limit);
  const small = summary('25');
  console.log(
    `\n${values.limit} topics: ${big.fps.toFixed(0)} fps while moving (p95 frame ${big.p95.toFixed(0)} ms), hover → highlight ${big.hover.toFixed(0)} ms (median)` +
      `\n25 topics (reference, same page and viewport): ${small.fps.toFixed(0)} fps (p95 frame ${small.p95.toFixed(0)} ms), hover → highlight ${small.hover.toFixed(0)} ms` +
      `\nratios ${values.limit}/25: fps ${(big.fps / small.fps).toFixed(2)}, hover ${(big.hover / small.hover).toFixed(2)}`,
  );
} finally {
  await browser.close();
  await db.close();
}
