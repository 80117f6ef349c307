import * as api from './api.ts';
import { h } from './dom.ts';
import { GraphView } from './graph-view.ts';
import { DEPTHS, formatHash, LIMITS, parseHash, toDrawing, type ViewState } from './model.ts';
import { type Actions, legend, paperPanel, searchPanel, topicPanel } from './panels.ts';

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
let drawn: { topic: string; depth: number; limit: number } | null = null;
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

const actions: Actions = {
  topic: (name) => navigate({ topic: name, paper: null }),
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
    tooltip.textContent = `${node.label} · ${node.paperCount} paper${node.paperCount === 1 ? '' : 's'}${
      node.community === null ? '' : ` · community ${node.community}`
    }`;
    tooltip.style.left = `${x + 12}px`;
    tooltip.style.top = `${y + 12}px`;
    tooltip.hidden = false;
  },
);

async function load(): Promise<void> {
  const mine = ++generation;
  document.body.dataset.state = 'loading';
  depthSelect.value = String(state.depth);
  limitSelect.value = String(state.limit);
  try {
    if (!state.topic) {
      const { central } = await api.overview(endpoint);
      if (mine !== generation) return;
      if (!central) {
        setStatus('The graph is empty: ingest some papers first.');
        document.body.dataset.state = 'ready';
        return;
      }
      navigate({ topic: central });
      return;
    }
    const topic = state.topic;
    const needsGraph =
      !drawn || drawn.topic !== topic || drawn.depth !== state.depth || drawn.limit !== state.limit;
    setStatus(needsGraph ? `Loading the neighbourhood of “${topic}”…` : (status.textContent ?? ''));
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
      document.body.dataset.state = 'ready';
      return;
    }
    input.value = details?.name ?? topic;
    if (hood) {
      const drawing = toDrawing(hood);
      view.show(drawing.nodes, drawing.edges, hood.center.id);
      drawn = { topic, depth: state.depth, limit: state.limit };
      setStatus(
        `${drawing.nodes.length} topics, ${drawing.edges.length} co-occurrences around “${hood.center.name}” (layout ${Math.round(view.layoutMs)} ms)`,
      );
    }
    const centre = view.findByLabel(details.name);
    view.select(centre);
    if (state.paper && !paper) setStatus(`No paper ${state.paper}.`, 'error');
    panel.replaceChildren(paper ? paperPanel(paper, actions, details) : topicPanel(details, actions));
    panel.scrollTop = 0;
    document.body.dataset.state = 'ready';
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

function showSuggestions(items: api.Suggestion[]): void {
  active = -1;
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

function pick(key: string, name = key): void {
  suggestions.hidden = true;
  input.value = name;
  actions.topic(key);
}

function moveActive(step: number): void {
  const items = [...suggestions.children] as HTMLElement[];
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
      if (mine === typed) showSuggestions(items);
    } catch (error) {
      if (mine === typed) setStatus(error instanceof Error ? error.message : String(error), 'error');
    }
  }, 120);
});

input.addEventListener('keydown', (event) => {
  if (event.key === 'ArrowDown') moveActive(1);
  else if (event.key === 'ArrowUp') moveActive(-1);
  else if (event.key === 'Escape') suggestions.hidden = true;
  else if (event.key === 'Enter') {
    const chosen = suggestions.children[active] as HTMLElement | undefined;
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
