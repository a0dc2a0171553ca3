// Progress of a long run: a bar with rate and ETA in a terminal, a log line every few seconds otherwise.
import cliProgress from 'cli-progress';
import type { Logger } from '@mentions/runtime';

export interface Progress { update(done: number, extra?: Record<string, number>): void; stop(): void }

export function createProgress(label: string, total: number | undefined, log: Logger, options: { tty?: boolean; everyMs?: number } = {}): Progress {
  const started = Date.now();
  if (options.tty ?? process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: `${label} [{bar}] {percentage}% | {value}/{total} | {rate}/s | ETA {eta_formatted}`, stream: process.stderr, etaBuffer: 50 },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total ?? 0, 0, { rate: 0 });
    return {
      update: (done) => bar.update(done, { rate: Math.round(done / Math.max(0.001, (Date.now() - started) / 1000)) }),
      stop: () => bar.stop(),
    };
  }
  let lastLog = started;
  const everyMs = options.everyMs ?? 5000;
  return {
    update(done, extra = {}) {
      const now = Date.now();
      if (now - lastLog < everyMs) return;
      lastLog = now;
      const rate = done / Math.max(0.001, (now - started) / 1000);
      const etaS = total ? Math.round((total - done) / Math.max(rate, 1e-9)) : undefined;
      log.info({ done, total, ratePerS: Math.round(rate), etaS, ...extra }, `${label} progress.`);
    },
    stop: () => undefined,
  };
}
