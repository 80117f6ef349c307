import cliProgress from 'cli-progress';
import type { IngestSummary } from './pipeline.ts';

export interface Progress {
  update(stats: IngestSummary, fraction?: number): void;
  stop(): void;
}

const rate = (n: number, ms: number) => (ms > 0 ? (n * 1000) / ms : 0);

function eta(fraction: number | undefined, elapsedMs: number): string {
  if (!fraction || fraction <= 0 || fraction >= 1) return '?';
  const s = Math.round(((1 - fraction) * elapsedMs) / fraction / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/** A live bar on a terminal; a plain line every few seconds when the output is a file or a pipe. */
export function progress(label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  const started = Date.now();
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${label} [{bar}] {percentage}% | {papers} papers | {rate} papers/s | ETA {etaText}`,
        stream,
        hideCursor: true,
        clearOnComplete: false,
        fps: 5,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(1000, 0, { papers: 0, rate: 0, etaText: '?' });
    return {
      update(stats, fraction) {
        const elapsed = Date.now() - started;
        bar.update(Math.round((fraction ?? 0) * 1000), {
          papers: stats.read,
          rate: rate(stats.read, elapsed).toFixed(0),
          etaText: eta(fraction, elapsed),
        });
      },
      stop: () => bar.stop(),
    };
  }
  let last = 0;
  return {
    update(stats, fraction) {
      const now = Date.now();
      if (now - last < 5000) return;
      last = now;
      const pct =
        fraction === undefined
          ? ''
          : ` (${(fraction * 100).toFixed(0)}%, ETA ${eta(fraction, now - started)})`;
      stream.write(
        `${label}: ${stats.read} read, ${stats.written} written, ${rate(stats.read, now - started).toFixed(0)} papers/s${pct}\n`,
      );
    },
    stop() {},
  };
}

export interface PhaseBar {
  /** `done` of `total` units (papers, percent, indexes); `detail` says what runs now. */
  update(done: number, total: number, detail?: string): void;
  stop(): void;
}

/** A bar for one phase of a load (CSV writing, import, indexes, derived graph), with its rate and ETA. */
export function phaseBar(label: string, unit: string, stream: NodeJS.WriteStream = process.stderr): PhaseBar {
  const started = Date.now();
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${label.padEnd(12)} [{bar}] {percentage}% | {value}/{total} ${unit} | {rate} ${unit}/s | ETA {etaText} {detail}`,
        stream,
        hideCursor: true,
        clearOnComplete: false,
        fps: 5,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(1, 0, { rate: 0, etaText: '?', detail: '' });
    return {
      update(done, total, detail = '') {
        const elapsed = Date.now() - started;
        bar.setTotal(Math.max(1, total));
        bar.update(done, {
          rate: rate(done, elapsed).toFixed(0),
          etaText: eta(total > 0 ? done / total : undefined, elapsed),
          detail,
        });
      },
      stop: () => {
        if (bar.isActive) bar.stop();
      },
    };
  }
  let last = 0;
  let final = '';
  return {
    update(done, total, detail = '') {
      const now = Date.now();
      final = `${label}: ${done}/${total} ${unit}${detail ? ` (${detail})` : ''}`;
      if (now - last < 5000) return;
      last = now;
      stream.write(`${final}, ETA ${eta(total > 0 ? done / total : undefined, now - started)}\n`);
    },
    stop() {
      if (final) stream.write(`${final}, done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
      final = '';
    },
  };
}
