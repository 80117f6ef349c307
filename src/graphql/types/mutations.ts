import { randomUUID } from 'node:crypto';
import { deletePaper } from '../../db/ingest-repo.ts';
import type { PaperRecord } from '../../domain/record.ts';
import { toPaperRecord } from '../../domain/validate.ts';
import { builder } from '../builder.ts';
import { badInput, notFound } from '../errors.ts';
import { paperGlobalId, paperOwnId } from '../ids.ts';
import { PaperRef } from '../refs.ts';

export const MAX_INGEST_PAPERS = 100;

const PaperInput = builder.inputType('PaperInput', {
  description:
    'A paper to add or update; papers are identified as ingest does (arXiv id, else DOI, else title).',
  fields: (t) => ({
    id: t.string({
      description:
        'The arXiv id, in any form `paper(id:)` reads (a version suffix is dropped). Without one the paper is identified by its DOI, else by its title.',
    }),
    title: t.string({ required: true, description: 'The title.' }),
    abstract: t.string({ description: 'The abstract; topics are extracted from it and the title.' }),
    published: t.string({ description: 'Date of first publication (YYYY-MM-DD or YYYY).' }),
    authors: t.stringList({ description: 'Author names, in order.' }),
    categories: t.stringList({ description: 'Subject categories, e.g. "cs.LG".' }),
    url: t.string({ description: 'Where to read it.' }),
    doi: t.string({
      description: 'Its DOI, bare, as "doi:10.…" or a doi.org address; stored lower-cased.',
    }),
  }),
});

interface IngestPayload {
  ids: string[];
  written: number;
  unchanged: number;
  topicsCreated: number;
}

const IngestPayloadRef = builder.objectRef<IngestPayload>('IngestPapersPayload').implement({
  description: 'What an ingest wrote.',
  fields: (t) => ({
    written: t.exposeInt('written', { description: 'Papers added or changed.' }),
    unchanged: t.exposeInt('unchanged', { description: 'Papers already stored exactly so, left alone.' }),
    topicsCreated: t.exposeInt('topicsCreated', { description: 'Topics no paper had mentioned before.' }),
    papers: t.field({
      type: [PaperRef],
      description: 'The papers, in the order given.',
      resolve: async (payload, _args, ctx) => {
        const found = new Map((await ctx.papers.byIds(payload.ids)).map((p) => [p.id, p]));
        return payload.ids.flatMap((id) => found.get(id) ?? []);
      },
    }),
  }),
});

const DeletePayloadRef = builder.objectRef<{ id: string }>('DeletePaperPayload').implement({
  description: 'What a deletion removed.',
  fields: (t) => ({
    deletedId: t.id({
      description: 'Global id of the deleted paper.',
      resolve: (p) => paperGlobalId(p.id),
    }),
    paperId: t.exposeString('id', { description: 'The deleted paper’s own id.' }),
  }),
});

builder.mutationFields((t) => ({
  ingestPapers: t.field({
    type: IngestPayloadRef,
    authScopes: { apiKey: true },
    description: `Adds or updates up to ${MAX_INGEST_PAPERS} papers through the same pipeline as \`npm run ingest\`: topics, mentions, aliases and the derived graph. All papers are checked first: one invalid paper refuses the whole call, and nothing is written.`,
    args: { papers: t.arg({ type: [PaperInput], required: true, description: 'The papers.' }) },
    resolve: async (_root, args, ctx) => {
      if (args.papers.length === 0) throw badInput('`papers` is empty');
      if (args.papers.length > MAX_INGEST_PAPERS) {
        throw badInput(`\`papers\` has ${args.papers.length} papers; at most ${MAX_INGEST_PAPERS} per call`);
      }
      await ctx.expensive.spend(ctx.client, args.papers.length, 'ingestPapers');
      const records: PaperRecord[] = args.papers.map((input, i) => {
        try {
          return toPaperRecord(input, { source: 'graphql', line: i + 1, position: i });
        } catch (error) {
          throw badInput(`\`papers[${i}]\`: ${(error as Error).message}`, { argumentName: `papers[${i}]` });
        }
      });
      // the tagger and the ranker's models load with the first ingest, not with the server
      const { fromRecords, ingest } = await import('../../../ingest/index.ts');
      const summary = await ingest(ctx.db, 'graphql', fromRecords(records), { workers: 0, strict: true });
      return {
        ids: [...new Set(records.map((r) => r.id))],
        written: summary.written,
        unchanged: summary.unchanged,
        topicsCreated: summary.topicsCreated,
      };
    },
  }),
  deletePaper: t.field({
    type: DeletePayloadRef,
    authScopes: { apiKey: true },
    description:
      'Deletes a paper, its links, and the topics, authors, categories and acronyms only it had; the derived graph of what it touched is recomputed.',
    args: { id: t.arg.id({ required: true, description: 'A global id or the paper’s own id.' }) },
    resolve: async (_root, args, ctx) => {
      await ctx.expensive.spend(ctx.client, 5, 'deletePaper');
      const id = paperOwnId(String(args.id));
      const deleted = await deletePaper(ctx.db, id);
      if (!deleted) {
        throw notFound(`there is no paper with id ${JSON.stringify(String(args.id))}`, 'id');
      }
      const { deriveGraph } = await import('../../../ingest/index.ts');
      await deriveGraph(ctx.db, { runId: randomUUID(), topics: deleted.topics, papers: deleted.neighbours });
      return { id };
    },
  }),
}));
