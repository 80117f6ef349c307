import { TRENDING_PATH } from '../feeds/paths.ts';

const STYLE = `
:root { color-scheme: light; --ink: #1d2433; --muted: #646c7c; --line: #dfe2e8; --accent: #0b63c5; --mark: #ffe58a; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); height: 100vh;
  display: grid; grid-template-rows: auto 1fr; }
header { display: flex; gap: 12px; align-items: center; padding: 8px 14px; border-bottom: 1px solid var(--line); flex-wrap: wrap; }
header h1 { font-size: 15px; margin: 0 8px 0 0; white-space: nowrap; }
header h1 a { color: inherit; text-decoration: none; }
.search { position: relative; flex: 0 1 360px; }
#search { width: 100%; padding: 6px 10px; font: inherit; border: 1px solid var(--line); border-radius: 6px; }
#suggestions { position: absolute; z-index: 10; top: 100%; left: 0; right: 0; margin: 2px 0 0; padding: 4px 0; list-style: none;
  background: #fff; border: 1px solid var(--line); border-radius: 6px; box-shadow: 0 6px 18px rgba(0,0,0,.12); }
#suggestions li { padding: 4px 10px; cursor: pointer; display: flex; gap: 4px; }
#suggestions li[aria-selected="true"], #suggestions li:hover { background: #eef4fc; }
#suggestions .count { margin-left: auto; color: var(--muted); font-variant-numeric: tabular-nums; }
select { font: inherit; padding: 5px; border: 1px solid var(--line); border-radius: 6px; background: #fff; }
#status { color: var(--muted); font-size: 13px; }
#status[data-kind="error"] { color: #b3261e; }
header .links { margin-left: auto; font-size: 13px; }
main { display: grid; grid-template-columns: 1fr minmax(340px, 36%); min-height: 0; }
.drawing { display: grid; grid-template-rows: 1fr auto; min-height: 0; min-width: 0; }
.stage { position: relative; min-height: 0; overflow: hidden; }
#graph { position: absolute; inset: 0; }
#legend { border-top: 1px solid var(--line); padding: 4px 10px; font-size: 12px; max-height: 7em; overflow-y: auto; }
#legend:empty { display: none; }
.legend { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0 14px; }
#legend summary { cursor: pointer; color: var(--muted); }
.legend li { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; max-width: 24em; }
#tooltip { position: absolute; pointer-events: none; background: var(--ink); color: #fff; padding: 3px 7px; border-radius: 4px; font-size: 12px; }
#panel { overflow-y: auto; border-left: 1px solid var(--line); padding: 12px 16px 40px; }
#panel h2 { font-size: 18px; margin: 4px 0 6px; line-height: 1.3; }
#panel h3 { font-size: 13px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); margin: 18px 0 6px; }
.swatch { display: inline-block; width: 11px; height: 11px; border-radius: 50%; margin-right: 7px; vertical-align: baseline; }
.stats { display: flex; flex-wrap: wrap; gap: 4px 18px; margin: 8px 0; }
.stat dt { font-size: 11px; color: var(--muted); } .stat dd { margin: 0; font-variant-numeric: tabular-nums; }
.muted, .byline, .aliases { color: var(--muted); margin: 2px 0; font-size: 13px; }
.sparkline { margin: 0; color: var(--accent); } .sparkline figcaption { font-size: 12px; color: var(--muted); }
.chip { font: inherit; font-size: 13px; border: 1px solid var(--line); background: #f6f8fb; border-radius: 12px; padding: 1px 9px;
  margin: 2px 4px 2px 0; cursor: pointer; color: var(--ink); }
.chip:hover { border-color: var(--accent); }
.chip-detail { color: var(--muted); margin-left: 5px; font-size: 11px; }
.papers, .related-papers { padding-left: 18px; margin: 0; }
.paper-card, .related-card { margin-bottom: 14px; }
.paper-link { font: inherit; font-weight: 600; color: var(--accent); background: none; border: 0; padding: 0; text-align: left; cursor: pointer; }
.paper-link:hover { text-decoration: underline; }
.abstract { margin: 4px 0; }
.more { font: inherit; border: 1px solid var(--line); background: #fff; border-radius: 6px; padding: 4px 12px; cursor: pointer; }
mark { background: var(--mark); border-radius: 2px; padding: 0 1px; }
.why { margin: 2px 0; font-size: 13px; }
.why .phrase, .why .wording { margin-right: 10px; white-space: nowrap; }
.trending { padding-left: 22px; margin: 0; } .trending-topic { margin-bottom: 10px; }
.years .chip[aria-pressed="true"] { border-color: var(--accent); background: #eef4fc; }
@media (max-width: 800px) { main { grid-template-columns: 1fr; grid-template-rows: 55vh auto; } #panel { border-left: 0; } }
`;

/** The explorer's page: markup and style; the behaviour is the bundled client. */
export function explorerPage(options: { endpoint: string; script: string }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Topic graph explorer</title>
<link rel="icon" href="data:,">
<link rel="alternate" type="application/atom+xml" title="Trending papers" href="${TRENDING_PATH}">
<style>${STYLE}</style>
</head>
<body data-endpoint="${options.endpoint}" data-state="loading">
<header>
  <h1><a href="#">Topic graph explorer</a></h1>
  <div class="search">
    <input id="search" type="search" placeholder="Search a topic, alias or acronym…" autocomplete="off"
      role="combobox" aria-autocomplete="list" aria-controls="suggestions" aria-expanded="false" aria-label="Topic">
    <ul id="suggestions" role="listbox" hidden></ul>
  </div>
  <label>Depth <select id="depth" aria-label="Depth"></select></label>
  <label>Show <select id="limit" aria-label="Most topics"></select></label>
  <span id="status" role="status" aria-live="polite"></span>
  <span class="links"><a href="#trending" id="trending-link">Trending</a> · <a href="${options.endpoint}">GraphiQL</a></span>
</header>
<main>
  <div class="drawing">
    <div class="stage">
      <div id="graph" aria-label="Topic neighbourhood"></div>
      <div id="tooltip" hidden></div>
    </div>
    <div id="legend"></div>
  </div>
  <aside id="panel" aria-label="Details"></aside>
</main>
<script type="module" src="${options.script}"></script>
</body>
</html>
`;
}

export const EXPLORER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'unsafe-inline'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
