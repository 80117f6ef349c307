/**
 * Stage 1: mask markup and math with spaces. Masking keeps every character's position, so offsets found
 * in the masked text slice the original text exactly.
 */

const mask = (match: string) => match.replace(/[^\n]/g, ' ');

const RULES: [RegExp, (m: string) => string][] = [
  // "the loss $\mathcal{L}(\theta)$ is" → "the loss                    is"
  [/\$\$[\s\S]*?\$\$|\$[^$\n]{0,400}\$/g, mask],
  // "\emph{adapters}" → "      adapters "
  [
    /\\(?:emph|textit|textbf|text|mathrm|mathbf|mathit|textsc|underline)\{([^{}]*)\}/g,
    (m) => `${mask(m.slice(0, m.indexOf('{') + 1))}${m.slice(m.indexOf('{') + 1, -1)} `,
  ],
  // "\cite{x}", "\ref{y}", "\alpha" → spaces
  [/\\[a-zA-Z]+(?:\{[^{}]*\})?/g, mask],
  // "2883pm11pm6,Mekern -0.1em V!/c^2" → the unit spacing command and its argument go
  [/[A-Za-z]*kern\s*-?\d*\.?\d+\s*em\s*[A-Za-z]*!?(?:\/\S*)?/g, mask],
  // "T_{cs 0}^{*}(2870)^0" → a sub/superscript token, with braces that may hold spaces
  [/\S*[_^]\{[^{}]*\}\S*/g, mask],
  // "1/text{depth}", "K_S^0", "sintheta<0.05", "2883pm11pm6": tokens made of symbols, not words
  [/\S*(?:[_^{}\\<>=|]|\d+pm\d+)\S*/g, mask],
  // "Fe3+ ions", "Ca2+", "Na+": an ion's charge cut from its element leaves no word ("Fe3") behind
  [/\b[A-Z][a-z]?\d*[+\u2212\u207A\u207B](?=[\s,.;:)]|$)/g, mask],
  // "PACS 32.70.Jz, 34.20.Gj": classification codes, whose letters are no words
  [/\bPACS(?:\s+(?:numbers?|nos?\.?|codes?))?\s*:?(?=\s*\d{2}\.\d{2})/g, mask],
  [/\b\d{2}\.\d{2}\.(?:[+-]|[+-]?[A-Za-z]{1,2}\b)/g, mask],
  // "B^- rightarrow D^-" → arrows written out by a lost backslash
  [/\b(?:right|left|long|leftright)arrow\b/g, mask],
];

export function clean(text: string): string {
  let out = text;
  for (const [pattern, replace] of RULES) out = out.replace(pattern, replace);
  return out;
}
