import { XMLBuilder } from 'fast-xml-parser';

/** An Atom 1.0 document (RFC 4287) as the feeds build it: links are absolute, dates ISO days or instants. */
export interface AtomFeed {
  id: string;
  title: string;
  subtitle?: string;
  updated: Date;
  self: string;
  alternate: string;
  /** Stands for the authors of entries that name none: Atom wants an author on each entry or the feed. */
  author: { name: string; uri: string };
  entries: AtomEntry[];
}

export interface AtomEntry {
  id: string;
  title: string;
  published: Date;
  updated: Date;
  authors: string[];
  /** Plain text. */
  summary: string;
  /** What the entry is about (the paper), and where to explore it. */
  alternate: string;
  related: string;
  categories: { term: string; label: string }[];
}

const ATOM_NS = 'http://www.w3.org/2005/Atom';
const SUMMARY_CHARS = 1000;

/** The abstract on one line of plain text, cut at a word past SUMMARY_CHARS. */
export function trimmedAbstract(abstract: string): string {
  const flat = abstract.replace(/\s+/g, ' ').trim();
  if (flat.length <= SUMMARY_CHARS) return flat;
  const cut = flat.slice(0, SUMMARY_CHARS);
  const space = cut.lastIndexOf(' ');
  return `${(space > SUMMARY_CHARS / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/, '')}…`;
}

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  format: true,
  suppressEmptyNode: true,
  processEntities: true,
});

/** XML 1.0's Char production: no control characters but tab and line ends, no unpaired surrogates. */
const isXmlChar = (c: number) =>
  c === 0x9 ||
  c === 0xa ||
  c === 0xd ||
  (c >= 0x20 && c <= 0xd7ff) ||
  (c >= 0xe000 && c <= 0xfffd) ||
  c >= 0x10000;

/** The text without the characters an XML document cannot hold, even escaped. */
export function xmlText(text: string): string {
  let out = '';
  for (const ch of text) if (isXmlChar(ch.codePointAt(0) ?? 0)) out += ch;
  return out;
}

const text = (value: string) => ({ '@_type': 'text', '#text': xmlText(value) });

export function atomXml(feed: AtomFeed): string {
  const document = {
    '?xml': { '@_version': '1.0', '@_encoding': 'utf-8' },
    feed: {
      '@_xmlns': ATOM_NS,
      id: feed.id,
      title: text(feed.title),
      ...(feed.subtitle ? { subtitle: text(feed.subtitle) } : {}),
      updated: feed.updated.toISOString(),
      link: [
        { '@_rel': 'self', '@_type': 'application/atom+xml', '@_href': feed.self },
        { '@_rel': 'alternate', '@_type': 'text/html', '@_href': feed.alternate },
      ],
      author: { name: xmlText(feed.author.name), uri: feed.author.uri },
      entry: feed.entries.map((e) => ({
        id: e.id,
        title: text(e.title),
        published: e.published.toISOString(),
        updated: e.updated.toISOString(),
        ...(e.authors.length > 0 ? { author: e.authors.map((name) => ({ name: xmlText(name) })) } : {}),
        summary: text(e.summary),
        link: [
          { '@_rel': 'alternate', '@_href': e.alternate },
          { '@_rel': 'related', '@_type': 'text/html', '@_title': 'explorer', '@_href': e.related },
        ],
        ...(e.categories.length > 0
          ? {
              category: e.categories.map((c) => ({
                '@_term': xmlText(c.term),
                '@_label': xmlText(c.label),
              })),
            }
          : {}),
      })),
    },
  };
  return builder.build(document) as string;
}
