import type { Database } from '../../src/db/driver.ts';
import { papersExtractedBy } from '../../src/db/stored-papers-repo.ts';
import type { SourceItem } from '../../src/domain/record.ts';

/**
 * The papers of the graph itself that an older extractor read, as records: ingesting them again brings the
 * graph to the current vocabulary (topics no paper mentions any more are removed by the run).
 */
export async function* storedPapers(
  db: Database,
  version: string,
  pageSize = 1000,
): AsyncGenerator<SourceItem> {
  let after = '';
  let line = 0;
  for (;;) {
    // each page starts after the last id read: re-extracted papers no longer match, the rest follow
    const page = await papersExtractedBy(db, version, after, pageSize);
    if (page.length === 0) return;
    for (const p of page) {
      line++;
      yield {
        record: {
          id: p.id,
          title: p.title,
          abstract: p.abstract,
          published: p.published,
          updated: p.updated,
          authors: p.authors,
          categories: p.categories,
          url: p.url,
          doi: p.doi,
          source: p.source ?? 'graph',
          line,
          position: p.position,
        },
      };
    }
    after = page[page.length - 1]?.id as string;
  }
}
