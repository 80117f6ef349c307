import type { Readable } from 'node:stream';

export const MAX_LINE_BYTES = 16 * 1024 * 1024;

export type Line = { line: number; text: string } | { line: number; error: string };

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Splits a byte stream into lines and decodes each strictly, so one bad line is reported alone.
 * Memory stays bounded: a line over MAX_LINE_BYTES is skipped to its end, never held whole.
 */
export async function* lines(input: Readable, maxBytes = MAX_LINE_BYTES): AsyncGenerator<Line> {
  let parts: Buffer[] = [];
  let size = 0;
  let lineNo = 1;
  let overflow = false;
  const finish = (): Line | undefined => {
    if (overflow) return { line: lineNo, error: `line is longer than ${maxBytes} bytes` };
    const bytes = parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts, size);
    const end = bytes.length > 0 && bytes[bytes.length - 1] === 0x0d ? bytes.length - 1 : bytes.length;
    try {
      return { line: lineNo, text: decoder.decode(bytes.subarray(0, end)) };
    } catch {
      return { line: lineNo, error: 'not valid UTF-8' };
    }
  };
  for await (const chunk of input as AsyncIterable<Buffer>) {
    let start = 0;
    for (let nl = chunk.indexOf(0x0a, start); nl !== -1; nl = chunk.indexOf(0x0a, start)) {
      if (!overflow) {
        parts.push(chunk.subarray(start, nl));
        size += nl - start;
        if (size > maxBytes) overflow = true;
      }
      const item = finish();
      if (item) yield item;
      parts = [];
      size = 0;
      overflow = false;
      lineNo++;
      start = nl + 1;
    }
    if (start < chunk.length && !overflow) {
      parts.push(chunk.subarray(start));
      size += chunk.length - start;
      if (size > maxBytes) {
        overflow = true;
        parts = [];
      }
    }
  }
  if (size > 0 || overflow) {
    const item = finish();
    if (item) yield item;
  }
}
