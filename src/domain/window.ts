import { ExpectedError } from '../errors.ts';

/** A period of publication dates, both ends included, as ISO dates (YYYY-MM-DD). */
export interface TrendWindow {
  from: string;
  to: string;
}

/** A date that is not YYYY, YYYY-MM or YYYY-MM-DD, or a window that ends before it starts. */
export class WindowError extends ExpectedError {
  override name = 'WindowError';
  constructor(
    readonly argument: string,
    problem: string,
  ) {
    super(`\`${argument}\` ${problem}`);
  }
}

/** The end of a window left open: every paper published from `from` on. */
export const OPEN_END = '9999-12-31';

const PATTERN = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** A YYYY, YYYY-MM or YYYY-MM-DD as the first (`start`) or last day it covers. */
export function boundary(text: string, end: 'start' | 'end', argument: string): string {
  const match = PATTERN.exec(text.trim());
  if (!match) throw new WindowError(argument, `is ${JSON.stringify(text)}, not YYYY, YYYY-MM or YYYY-MM-DD`);
  const year = Number(match[1]);
  const month = match[2] === undefined ? null : Number(match[2]);
  const day = match[3] === undefined ? null : Number(match[3]);
  if (month !== null && (month < 1 || month > 12)) {
    throw new WindowError(argument, `is ${JSON.stringify(text)}: there is no month ${match[2]}`);
  }
  if (month !== null && day !== null && (day < 1 || day > daysIn(year, month))) {
    throw new WindowError(
      argument,
      `is ${JSON.stringify(text)}: ${year}-${pad(month)} has no day ${match[3]}`,
    );
  }
  const m = month ?? (end === 'start' ? 1 : 12);
  const d = day ?? (end === 'start' ? 1 : daysIn(year, m));
  return `${pad(year, 4)}-${pad(m)}-${pad(d)}`;
}

/** `from` and `to` as the days they start and end: "2024" is all of 2024, an absent `to` leaves it open. */
export function parseWindow(from: string, to?: string | null): TrendWindow {
  const window = {
    from: boundary(from, 'start', 'from'),
    to: to === undefined || to === null ? OPEN_END : boundary(to, 'end', 'to'),
  };
  if (window.to < window.from) {
    throw new WindowError('to', `(${window.to}) is before \`from\` (${window.from})`);
  }
  return window;
}

/** A month as the timelines store it: 202403 for March 2024. */
export const monthOf = (isoDate: string) => Number(isoDate.slice(0, 4)) * 100 + Number(isoDate.slice(5, 7));

/** Whether a window starts on the first of a month and ends on the last of one (or is open). */
export function wholeMonths(window: TrendWindow): boolean {
  const end = window.to;
  const lastDay = daysIn(Number(end.slice(0, 4)), Number(end.slice(5, 7)));
  return window.from.endsWith('-01') && (end === OPEN_END || Number(end.slice(8, 10)) === lastDay);
}
