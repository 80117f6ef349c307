import * as api from './api.ts';
import { h } from './dom.ts';
import { GraphView } from './graph-view.ts';
import { DEPTHS, formatHash, LIMITS, parseHash, plural, toDrawing, type ViewState } from './model.ts';
import { type Actions, legend, paperPanel, searchPanel, topicPanel, trendingPanel } from './panels.ts';

const endpoint = document.body.dataset.endpoint ?? '/graphql';

function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`the page has no #${id}`);
  return element as T;
}

const input = byId<HTMLInputElement>('search');
const suggestions = byId<HTMLUListElement>('suggestions');
const depthSelect = byId<HTMLSelectElement>('depth');
const limitSelect = byId<HTMLSelectElement>('limit');
const status = byId<HTMLElement>('status');
const panel = byId<HTMLElement>('panel');
const tooltip = byId<HTMLElement>('tooltip');
const legendBox = byId<HTMLElement>('legend');

for (const d of DEPTHS)
  depthSelect.append(h('option', { value: String(d) }, `${d} hop${d === 1 ? '' : 's'}`));
for (const l of LIMITS) limitSelect.append(h('option', { value: String(l) }, `${l} topics`));

let state: ViewState = parseHash(location.hash);
let drawn: { topic: string; depth: number; limit: number; summary: string } | null = null;
/** Each load gets a number; answers to older loads are dropped. */
let generation = 0;

function setStatus(text: string, kind: 'info' | 'error' = 'info'): void {
  status.textContent = text;
  status.dataset.kind = kind;
}

function navigate(next: Partial<ViewState>): void {
  state = { ...state, ...next };
  const hash = formatHash(state);
  if (hash !== location.hash) location.hash = hash;
  else void load();
}

const actions: Actions & { year: (year: string) => void } = {
  topic: (name) => navigate({ topic: name, paper: null, trending: null }),
  year: (year) => navigate({ trending: year }),
  paper: (id) => navigate({ paper: id }),
  morePapers: (name, after) => api.morePapers(endpoint, name, after),
};

const view = new GraphView(
  byId('graph'),
  (node) => actions.topic(node.key),
  (node) => {
    if (!node) {
      tooltip.hidden = true;
      return;
    }
    const { x, y } = view.screenPosition(node.id);
    tooltip.textContent = `${node.label} · ${plural(node.paperCount, 'paper')}${
      node.community === null ? '' : ` · community ${node.community}`
    }`;
    tooltip.hidden = false;
    // inside the drawing, left of the pointer where the right has no room
    const stage = tooltip.parentElement ?? document.body;
    const left = x + 12 + tooltip.offsetWidth <= stage.clientWidth ? x + 12 : x - 12 - tooltip.offsetWidth;
    tooltip.style.left = `${Math.max(0, left)}px`;
    tooltip.style.top = `${Math.min(y + 12, stage.clientHeight - tooltip.offsetHeight)}px`;
  },
);

/**
 * The view is ready once the frame showing it is drawn (sigma draws on the next animation frame);
 * `data-view` says which address it shows, for scripts that change the address and wait.
 */
function markReady(mine: number): void {
  requestAnimationFrame(() =>
    requestAnimationFrame(() => {
      if (mine !== generation) return;
      document.body.dataset.view = location.hash;
      document.body.dataset.state = 'ready';
    }),
  );
}

async function load(): Promise<void> {
  const mine = ++generation;
  document.body.dataset.state = 'loading';
  delete document.body.dataset.view;
  depthSelect.value = String(state.depth);
  limitSelect.value = String(state.limit);
  try {
    if (state.trending !== null) {
      setStatus('Loading what is rising…');
      const rising = await api.trending(endpoint, state.trending);
      if (mine !== generation) return;
      panel.replaceChildren(trendingPanel(rising, actions));
      panel.scrollTop = 0;
      const top = rising.topics[0]?.node;
      if (top && (!drawn || drawn.topic !== top.key)) {
        const hood = await api.neighborhood(endpoint, top.key, state.depth, state.limit);
        if (mine !== generation) return;
        const drawing = toDrawing(hood);
        view.show(drawing.nodes, drawing.edges, hood.center.id);
        drawn = {
          topic: top.key,
          depth: state.depth,
          limit: state.limit,
          summary: `${plural(drawing.nodes.length, 'topic')} around “${hood.center.name}”`,
        };
      }
      setStatus(
        rising.year === null
          ? 'No dated papers: nothing to compare.'
          : `${plural(rising.topics.length, 'rising topic')} in ${rising.year}${top ? `; the drawing shows “${top.name}”` : ''}`,
      );
      markReady(mine);
      return;
    }
    if (!state.topic) {
      const { central } = await api.overview(endpoint);
      if (mine !== generation) return;
      if (!central) {
        setStatus('The graph is empty: ingest some papers first.');
        markReady(mine);
        return;
      }
      navigate({ topic: central });
      return;
    }
    const topic = state.topic;
    const needsGraph =
      !drawn || drawn.topic !== topic || drawn.depth !== state.depth || drawn.limit !== state.limit;
    // a message about an earlier view (a paper that was not found, say) goes with it
    setStatus(needsGraph || !drawn ? `Loading the neighbourhood of “${topic}”…` : drawn.summary);
    const [details, hood, paper] = await Promise.all([
      api.topic(endpoint, topic),
      needsGraph
        ? api.neighborhood(endpoint, topic, state.depth, state.limit).catch((e: unknown) => {
            // an unknown topic: the topic query answers null and the panel says so
            if (e instanceof api.ApiError && e.code === 'NOT_FOUND') return null;
            throw e;
          })
        : Promise.resolve(null),
      state.paper ? api.paper(endpoint, state.paper) : Promise.resolve(null),
    ]);
    if (mine !== generation) return;
    if (!details) {
      const hits = await api.searchPapers(endpoint, topic);
      if (mine !== generation) return;
      panel.replaceChildren(searchPanel(topic, hits, actions));
      setStatus(`No topic “${topic}”; showing papers that mention it.`, 'error');
      markReady(mine);
      return;
    }
    input.value = details?.name ?? topic;
    if (hood) {
      const drawing = toDrawing(hood);
      view.show(drawing.nodes, drawing.edges, hood.center.id);
      drawn = {
        topic,
        depth: state.depth,
        limit: state.limit,
        summary: `${plural(drawing.nodes.length, 'topic')}, ${plural(drawing.edges.length, 'co-occurrence')} around “${hood.center.name}” (layout ${Math.round(view.layoutMs)} ms)`,
      };
      setStatus(drawn.summary);
    }
    const centre = view.findByLabel(details.name);
    view.select(centre);
    if (state.paper && !paper) setStatus('That paper is not in the graph.', 'error');
    panel.replaceChildren(paper ? paperPanel(paper, actions, details) : topicPanel(details, actions));
    panel.scrollTop = 0;
    markReady(mine);
  } catch (error) {
    if (mine !== generation) return;
    const e = error instanceof api.ApiError ? error : new api.ApiError(String(error), 'ERROR');
    setStatus(`${e.message} (${e.code})`, 'error');
    document.body.dataset.state = 'error';
  }
}

// The search box: suggestions as you type, arrows to move, Enter to open.
let active = -1;
let typed = 0;
/** The text the suggestions on screen were found for: keys act on them only while the box still holds it. */
let listedFor: string | null = null;

function showSuggestions(items: api.Suggestion[], prefix: string | null = null): void {
  active = -1;
  listedFor = items.length > 0 ? prefix : null;
  input.removeAttribute('aria-activedescendant');
  suggestions.replaceChildren(
    ...items.map((s, i) => {
      const li = h(
        'li',
        { role: 'option', id: `suggestion-${i}`, 'data-topic': s.name, 'data-key': s.key },
        h('span', {}, s.matched),
        s.matched === s.name ? null : h('span', { class: 'muted' }, ` → ${s.name}`),
        h('span', { class: 'count' }, String(s.paperCount)),
      );
      li.addEventListener('mousedown', (event) => {
        event.preventDefault();
        pick(s.key, s.name);
      });
      return li;
    }),
  );
  suggestions.hidden = items.length === 0;
  input.setAttribute('aria-expanded', String(items.length > 0));
}

/** The suggestions shown for the text in the box now, if any. */
function currentSuggestions(): HTMLElement[] {
  return !suggestions.hidden && listedFor === input.value.trim()
    ? ([...suggestions.children] as HTMLElement[])
    : [];
}

function pick(key: string, name = key): void {
  // a list still on its way would open over the view just chosen
  typed++;
  showSuggestions([]);
  input.value = name;
  actions.topic(key);
}

function moveActive(step: number): void {
  const items = currentSuggestions();
  if (items.length === 0) return;
  active = (active + step + items.length) % items.length;
  for (const [i, item] of items.entries()) item.setAttribute('aria-selected', String(i === active));
  input.setAttribute('aria-activedescendant', items[active]?.id ?? '');
}

input.addEventListener('input', () => {
  const prefix = input.value.trim();
  const mine = ++typed;
  if (prefix.length === 0) {
    showSuggestions([]);
    return;
  }
  setTimeout(async () => {
    if (mine !== typed) return;
    try {
      const items = await api.autocomplete(endpoint, prefix);
      if (mine === typed) showSuggestions(items, prefix);
    } catch (error) {
      if (mine === typed) setStatus(error instanceof Error ? error.message : String(error), 'error');
    }
  }, 120);
});

input.addEventListener('keydown', (event) => {
  if (event.key === 'ArrowDown') moveActive(1);
  else if (event.key === 'ArrowUp') moveActive(-1);
  else if (event.key === 'Escape') showSuggestions([]);
  else if (event.key === 'Enter') {
    // the highlighted suggestion, if it was found for this text; else the text itself
    const chosen = currentSuggestions()[active];
    const value = chosen?.dataset.key ?? input.value.trim();
    if (value) pick(value, chosen?.dataset.topic ?? value);
  } else return;
  event.preventDefault();
});
input.addEventListener('blur', () => {
  suggestions.hidden = true;
});

depthSelect.addEventListener('change', () => navigate({ depth: Number(depthSelect.value) }));
limitSelect.addEventListener('change', () => navigate({ limit: Number(limitSelect.value) }));
window.addEventListener('hashchange', () => {
  state = parseHash(location.hash);
  void load();
});

void api
  .overview(endpoint)
  .then(({ communities }) => legendBox.replaceChildren(legend(communities)))
  .catch(() => undefined);
void load();

// For scripted use (and the browser tests): the graph and renderer behind the drawing.
Object.assign(window, { explorer: { view, actions } });
