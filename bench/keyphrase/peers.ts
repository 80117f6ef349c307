import type { GoldDocument } from '../../ingest/model/gold-documents.ts';

/** Another extractor, run on the same documents and scored by the same code. */
export interface Peer {
  name: string;
  predict(doc: GoldDocument): string[];
}

/** retext-keywords (unified/retext), its key phrases in its own order. */
export async function retextKeywords(): Promise<Peer> {
  const [
    { unified },
    { default: retextEnglish },
    { default: retextPos },
    { default: retextKeywords },
    { toString: nlcstToString },
    { VFile },
  ] = await Promise.all([
    import('unified'),
    import('retext-english'),
    import('retext-pos'),
    import('retext-keywords'),
    import('nlcst-to-string'),
    import('vfile'),
  ]);
  const processor = unified().use(retextEnglish).use(retextPos).use(retextKeywords, { maximum: 10 });
  return {
    name: 'retext-keywords 8',
    predict(doc) {
      const text = doc.title ? `${doc.title}. ${doc.abstract}` : doc.abstract;
      // parse and run only: keywords are data on the file, there is nothing to serialise
      const file = new VFile(text);
      processor.runSync(processor.parse(file), file);
      const found = file.data as {
        keyphrases?: { matches: { nodes: Parameters<typeof nlcstToString>[0] }[] }[];
      };
      return (found.keyphrases ?? []).flatMap((k) => {
        const first = k.matches[0];
        return first ? [nlcstToString(first.nodes)] : [];
      });
    },
  };
}

/** RAKE (Rose et al. 2010) as the rake-js package implements it, its phrases in the order it gives them. */
export async function rake(): Promise<Peer> {
  // a CommonJS module whose exports.default is the function
  const module = (await import('rake-js')) as unknown as {
    default: typeof import('rake-js').default | { default: typeof import('rake-js').default };
  };
  const extract = typeof module.default === 'function' ? module.default : module.default.default;
  return {
    name: 'RAKE (rake-js 0.1)',
    predict(doc) {
      const text = doc.title ? `${doc.title}. ${doc.abstract}` : doc.abstract;
      // the language is given: its guesser fails on some texts
      return extract(text, { language: 'english' });
    },
  };
}
