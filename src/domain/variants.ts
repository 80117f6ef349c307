import { existsSync, readFileSync } from 'node:fs';

/**
 * Spacing variants the corpora write one concept with ("space time", "spacetime"; `npm run model:concepts`
 * writes the table): a pair of words the corpora write as one more often ("space time foam" → "spacetime
 * foam"), or one word they write as two ("nullspace" → "null space"), wherever it stands in a key.
 */
export const VARIANTS_FILE = new URL('./variants.json', import.meta.url);

interface Variants {
  pairs: Map<string, string>;
  words: Map<string, string>;
}

let loaded: Variants | null = null;

function variants(): Variants {
  if (loaded === null) {
    const table: Record<string, string> = existsSync(VARIANTS_FILE)
      ? JSON.parse(readFileSync(VARIANTS_FILE, 'utf8'))
      : {};
    const pairs = new Map<string, string>();
    const words = new Map<string, string>();
    for (const [from, to] of Object.entries(table)) {
      const a = from.split(' ').length;
      const b = to.split(' ').length;
      if (a === 2 && b === 1) pairs.set(from, to);
      else if (a === 1 && b === 2) words.set(from, to);
    }
    loaded = { pairs, words };
  }
  return loaded;
}

export function spacingVariant(key: string): string {
  const v = variants();
  if (v.pairs.size === 0 && v.words.size === 0) return key;
  const tokens = key.split(' ').flatMap((t) => (v.words.get(t) ?? t).split(' '));
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const glued = i + 1 < tokens.length ? v.pairs.get(`${tokens[i]} ${tokens[i + 1]}`) : undefined;
    if (glued !== undefined) {
      out.push(glued);
      i++;
    } else out.push(tokens[i] as string);
  }
  return out.join(' ');
}
