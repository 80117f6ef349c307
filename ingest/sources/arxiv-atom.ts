import { XMLParser } from 'fast-xml-parser';
import type { SourceItem } from '../../src/domain/record.ts';
import { toPaperRecord } from '../../src/domain/validate.ts';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  processEntities: true,
  htmlEntities: false,
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => ['entry', 'author', 'category', 'link'].includes(name),
});

type Node = Record<string, unknown>;

const text = (v: unknown): string | undefined => {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && '#text' in v) return String((v as Node)['#text']);
  return undefined;
};

/** The arXiv API's Atom feed: each `<entry>` is a paper. Entries with missing fields are reported. */
export function parseArxivAtom(
  xml: string,
  source: string,
  firstPosition = 0,
): { items: SourceItem[]; total?: number } {
  // Entity declarations are how "billion laughs" documents blow up; the arXiv API never sends them.
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) {
    return {
      items: [{ problem: { source, line: 1, reason: 'DOCTYPE or ENTITY declarations are not allowed' } }],
    };
  }
  let doc: Node;
  try {
    doc = parser.parse(xml, true) as Node;
  } catch (error) {
    return {
      items: [
        { problem: { source, line: 1, reason: `invalid XML (${(error as Error).message.split('\n')[0]})` } },
      ],
    };
  }
  const feed = doc.feed as Node | undefined;
  if (!feed) return { items: [{ problem: { source, line: 1, reason: 'not an Atom feed (no <feed>)' } }] };
  const total = Number(text(feed.totalResults));
  const entries = (feed.entry as Node[] | undefined) ?? [];
  const items: SourceItem[] = [];
  entries.forEach((entry, i) => {
    const line = lineOfEntry(xml, i);
    try {
      const links = (entry.link as Node[] | undefined) ?? [];
      const doiLink = links.find((l) => l['@title'] === 'doi');
      const page = links.find((l) => l['@rel'] === 'alternate');
      const id = text(entry.id);
      if (!id) throw new Error('entry has no <id>');
      const summary = text(entry.summary);
      if (summary === undefined) throw new Error('entry has no <summary>');
      const record = toPaperRecord(
        {
          id,
          title: text(entry.title),
          abstract: summary,
          published: text(entry.published)?.slice(0, 10),
          updated: text(entry.updated)?.slice(0, 10),
          authors: ((entry.author as Node[] | undefined) ?? []).map((a) => text(a.name)).filter(Boolean),
          categories: ((entry.category as Node[] | undefined) ?? []).map((c) => c['@term']).filter(Boolean),
          doi: text(entry.doi) ?? (doiLink?.['@href'] as string | undefined) ?? null,
          url: (page?.['@href'] as string | undefined) ?? id,
        },
        { source, line, position: firstPosition + i },
      );
      items.push({ record });
    } catch (error) {
      items.push({ problem: { source, line, reason: (error as Error).message } });
    }
  });
  return { items, total: Number.isFinite(total) ? total : undefined };
}

function lineOfEntry(xml: string, index: number): number {
  let at = -1;
  for (let i = 0; i <= index; i++) {
    at = xml.indexOf('<entry', at + 1);
    if (at === -1) return 1;
  }
  let line = 1;
  for (let i = 0; i < at; i++) if (xml.charCodeAt(i) === 10) line++;
  return line;
}
