import { describe, expect, it } from 'vitest';
import { yearsOfTimeline } from '../../src/db/compile-plan.ts';
import { erfc, pValueOf, shareRatio, signedRootG2 } from '../../src/db/trending-repo.ts';
import { monthOf, OPEN_END, parseWindow, WindowError, wholeMonths } from '../../src/domain/window.ts';

describe('trend windows', () => {
  it('reads a year, a month or a day as the days it covers', () => {
    expect(parseWindow('2024')).toEqual({ from: '2024-01-01', to: OPEN_END });
    expect(parseWindow('2024', '2024')).toEqual({ from: '2024-01-01', to: '2024-12-31' });
    expect(parseWindow('2024-02', '2024-02')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(parseWindow('2023-02', '2023-02').to).toBe('2023-02-28');
    expect(parseWindow('2024-03-15', '2024-04-02')).toEqual({ from: '2024-03-15', to: '2024-04-02' });
  });

  it('adds a monthly timeline up by year', () => {
    expect(
      yearsOfTimeline([
        [202301, 202311, 202402],
        [2, 3, 4],
      ]),
    ).toEqual([
      { year: 2023, papers: 5 },
      { year: 2024, papers: 4 },
    ]);
    expect(yearsOfTimeline([[], []])).toEqual([]);
  });

  it('tells whole months from windows that cut one', () => {
    expect(wholeMonths(parseWindow('2024'))).toBe(true);
    expect(wholeMonths(parseWindow('2024-02', '2024-02'))).toBe(true);
    expect(wholeMonths(parseWindow('2024-02-01', '2024-02-29'))).toBe(true);
    expect(wholeMonths(parseWindow('2024-02-02'))).toBe(false);
    expect(wholeMonths(parseWindow('2024-02-01', '2024-02-28'))).toBe(false);
    expect(monthOf('2024-03-15')).toBe(202403);
  });

  it('names the argument and what is wrong', () => {
    const problem = (from: string, to?: string) => {
      try {
        parseWindow(from, to);
      } catch (error) {
        if (error instanceof WindowError) return [error.argument, error.message];
      }
      return null;
    };
    expect(problem('24')).toEqual(['from', '`from` is "24", not YYYY, YYYY-MM or YYYY-MM-DD']);
    expect(problem('2024-00')).toEqual(['from', '`from` is "2024-00": there is no month 00']);
    expect(problem('2024', '2023-02-29')).toEqual(['to', '`to` is "2023-02-29": 2023-02 has no day 29']);
    expect(problem('2024-05', '2024-04')).toEqual(['to', '`to` (2024-04-30) is before `from` (2024-05-01)']);
  });
});

describe('trend statistics', () => {
  it('computes the one-sided p-value of a z-score', () => {
    expect(erfc(0)).toBeCloseTo(1, 6);
    expect(erfc(1)).toBeCloseTo(0.157299207, 6);
    expect(pValueOf(1.959964)).toBeCloseTo(0.025, 6);
    expect(pValueOf(-1.959964)).toBeCloseTo(0.025, 6);
    expect(pValueOf(0)).toBeCloseTo(0.5, 6);
  });

  it('scores a table by the signed root of G²', () => {
    // 14 of 17 papers against 1 of 29: 2 Σ O ln(O/E) = 33.54
    expect(signedRootG2(14, 1, 17, 29)).toBeCloseTo(5.7915987, 6);
    expect(signedRootG2(3, 18, 17, 29)).toBeCloseTo(-3.0135065, 6);
    // the same share on both sides scores nothing, whatever the sizes
    expect(Math.abs(signedRootG2(10, 100, 100, 1000))).toBeLessThan(1e-5);
  });

  it('compares shares, not counts, so a growing corpus alone moves nothing', () => {
    // ten times the papers and ten times the mentions: the same share
    expect(shareRatio(99.5, 9.5, { recent: 1000, earlier: 100 })).toBeCloseTo(1, 2);
    expect(shareRatio(20, 0, { recent: 100, earlier: 100 })).toBeCloseTo(41, 0);
  });
});
