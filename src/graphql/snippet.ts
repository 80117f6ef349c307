/** A short, highlighted passage of a text around the words searched for. */

export interface Snippet {
  /** The passage, HTML-escaped, with each match wrapped in <mark>…</mark>. */
  html: string;
  /** The passage as plain text. */
  text: string;
  /** Where each match is in the whole field text. */
  matches: { start: number; end: number }[];
}

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Matches are words that start with a search term (so "network" marks "networks"); the passage is the
 * window of about `width` characters with the most matches, cut at word boundaries.
 */
export function snippet(text: string, terms: string[], width = 200): Snippet {
  const matches: { start: number; end: number }[] = [];
  const words = terms.filter((t) => t.length > 0).map(escapeRegExp);
  if (words.length > 0) {
    const re = new RegExp(`(?<![\\p{L}\\p{N}])(?:${words.join('|')})[\\p{L}\\p{N}]*`, 'giu');
    for (const m of text.matchAll(re)) matches.push({ start: m.index, end: m.index + m[0].length });
  }
  let from = 0;
  let best = -1;
  for (let i = 0; i < matches.length; i++) {
    const start = matches[i]?.start ?? 0;
    const inWindow = matches.filter((m) => m.start >= start && m.end <= start + width).length;
    if (inWindow > best) {
      best = inWindow;
      from = Math.max(0, start - Math.floor(width / 4));
    }
  }
  let to = Math.min(text.length, from + width);
  if (from > 0) {
    const space = text.indexOf(' ', from);
    from = space >= 0 && space < to ? space + 1 : from;
  }
  if (to < text.length) {
    const space = text.lastIndexOf(' ', to);
    to = space > from ? space : to;
  }
  const inside = matches.filter((m) => m.start >= from && m.end <= to);
  let html = from > 0 ? '…' : '';
  let cursor = from;
  for (const m of inside) {
    html += `${escapeHtml(text.slice(cursor, m.start))}<mark>${escapeHtml(text.slice(m.start, m.end))}</mark>`;
    cursor = m.end;
  }
  html += escapeHtml(text.slice(cursor, to)) + (to < text.length ? '…' : '');
  return {
    html,
    text: (from > 0 ? '…' : '') + text.slice(from, to) + (to < text.length ? '…' : ''),
    matches,
  };
}
