import type { Readable } from 'node:stream';
import type { SourceItem } from '../../src/domain/record.ts';
import { toPaperRecord } from '../../src/domain/validate.ts';
import { lines } from './lines.ts';

/** JSON Lines, one paper a line: `{id?, title, abstract, published?, authors?, categories?, url?, doi?}`. */
export async function* readJsonl(input: Readable, source: string): AsyncGenerator<SourceItem> {
  let position = 0;
  for await (const item of lines(input)) {
    if ('error' in item) {
      yield { problem: { source, line: item.line, reason: item.error } };
      continue;
    }
    const text = item.text.trim();
    if (text === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      yield {
        problem: {
          source,
          line: item.line,
          reason: `invalid JSON (${(error as Error).message.split('\n')[0]})`,
        },
      };
      continue;
    }
    try {
      yield { record: toPaperRecord(value, { source, line: item.line, position: position++ }) };
    } catch (error) {
      yield { problem: { source, line: item.line, reason: (error as Error).message } };
    }
  }
}
