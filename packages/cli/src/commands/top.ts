// `mentions top`: a live terminal view of every competitive set and brand — share of voice,
// volume per minute with a sparkline, net sentiment, open needs-response items and open alerts —
// re-read from ClickHouse every few seconds, with a line for each alert that fires, changes or
// resolves. Built on Ink (maintained, used by large CLIs): it redraws the frame in place and
// keeps alert lines in the scrollback above it. `--once` and `--json` print plain frames.
import { createElement } from 'react';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { CLICKHOUSE_ENVIRONMENT, withClickHouse } from '../clickhouse-reads.ts';
import type { ClickHouseSession } from '../clients.ts';
import { refuse } from '../table.ts';
import { knownSets, readTopRows } from '../top-reads.ts';
import { plain, renderFrame, renderTransition, type Line } from '../top-render.ts';
import type { TransitionLog } from '../top-screen.ts';
import { alertTransitions, buildTopView, rangeStart, type AlertRow, type AlertTransition, type TopView } from '../top-view.ts';
import { positiveInteger } from './flag-values.ts';
import { parseLast } from './query.ts';

/** Most minutes of volume per brand (the sparkline's width). */
export const MAX_MINUTES = 180;
/** Alert lines kept for the screen before the list starts afresh (those printed stay in the scrollback). */
const MAX_TRANSITION_LINES = 200;

interface Flags { set?: string; minutes: number; horizon: number; interval: number; once?: boolean; json?: boolean }

function minutes(v: string): number {
  const n = positiveInteger(v);
  if (n > MAX_MINUTES) throw new InvalidArgumentError(`expected at most ${MAX_MINUTES}`);
  return n;
}

function seconds(v: string): number {
  const n = positiveInteger(v);
  if (n > 3600) throw new InvalidArgumentError('expected at most 3600');
  return n;
}

interface Read { view: TopView; alerts: AlertRow[] }

function reader(ch: ClickHouseSession, flags: Flags): () => Promise<Read> {
  return async () => {
    const now = Date.now();
    const rows = await readTopRows(ch, { fromS: rangeStart(now, flags.minutes), horizonS: Math.floor((now - flags.horizon) / 1000) });
    return { view: buildTopView(rows, now, { minutes: flags.minutes, set: flags.set }), alerts: rows.alerts };
  };
}

const byId = (alerts: readonly AlertRow[]) => new Map(alerts.map((a) => [a.alert_id, a]));
const keep = (set: string | undefined) => (a: AlertRow) => set === undefined || a.competitive_set === set;
const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err)).replace(/^mentions: /, '');

/** Calls `tick` every `ms` until `signal` fires; resolves then. */
async function every(ms: number, signal: AbortSignal, tick: () => Promise<void>): Promise<void> {
  while (!signal.aborted) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      signal.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
    });
    if (!signal.aborted) await tick();
  }
}

/**
 * Aborts on SIGINT or SIGTERM. The handlers stay until `dispose`: Ink's exit hook re-raises a
 * signal that no other handler listens to, which would end the process before it closes cleanly.
 */
function stopOnSignals(): { signal: AbortSignal; dispose: () => void } {
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: stop.signal,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

/** NDJSON: one view per read, with the alert transitions since the one before. */
async function runJson(read: () => Promise<Read>, first: Read, flags: Flags): Promise<void> {
  const { signal, dispose } = stopOnSignals();
  let seen = byId(first.alerts);
  const print = (view: TopView, transitions: AlertTransition[]) => process.stdout.write(`${JSON.stringify({ ...view, transitions })}\n`);
  print(first.view, []);
  await every(flags.interval * 1000, signal, async () => {
    try {
      const next = await read();
      print(next.view, alertTransitions(seen, next.alerts.filter(keep(flags.set))));
      seen = byId(next.alerts);
    } catch (err) {
      process.stderr.write(`mentions: ${errorText(err)}\n`);
    }
  });
  dispose();
}

async function runScreen(read: () => Promise<Read>, first: Read, flags: Flags): Promise<void> {
  const { render } = await import('ink');
  const { TopScreen } = await import('../top-screen.ts');
  const { signal, dispose } = stopOnSignals();
  let view = first.view;
  let seen = byId(first.alerts);
  let log: TransitionLog = { generation: 0, lines: [] };
  const screen = (error?: string) => createElement(TopScreen, {
    frame: renderFrame(view, { refreshSeconds: flags.interval, ...(error ? { error } : {}) }),
    log,
  });
  const app = render(screen(), { exitOnCtrlC: false, patchConsole: false });
  await every(flags.interval * 1000, signal, async () => {
    try {
      const next = await read();
      const lines: Line[] = alertTransitions(seen, next.alerts.filter(keep(flags.set))).map(renderTransition);
      if (log.lines.length + lines.length > MAX_TRANSITION_LINES) log = { generation: log.generation + 1, lines: [] };
      if (lines.length > 0) log = { generation: log.generation, lines: [...log.lines, ...lines] };
      view = next.view;
      seen = byId(next.alerts);
      app.rerender(screen());
    } catch (err) {
      app.rerender(screen(errorText(err)));
    }
  });
  app.unmount();
  await app.waitUntilExit();
  dispose();
}

export function addTopCommand(program: Command): void {
  program
    .command('top')
    .description('Live view per competitive set and brand: share of voice, volume per minute (sparkline), net sentiment, open needs-response items and alerts.')
    .option('--set <name>', 'only this competitive set')
    .option('--minutes <n>', `minutes of volume, share and sentiment, the open one included (at most ${MAX_MINUTES})`, minutes, 15)
    .addOption(new Option('--horizon <range>', 'how far back open needs-response items and alerts count: <n>m, <n>h or <n>d').argParser(parseLast).default(parseLast('24h'), '24h'))
    .option('--interval <seconds>', 'seconds between reads', seconds, 5)
    .option('--once', 'print one frame and exit')
    .option('--json', 'print each read as one JSON line (with --once: one document)')
    .addHelpText('after', `
Shares and net sentiment cover the --minutes range (v_brand_volume_1m); OPEN Q counts the
unanswered needs-response items created within --horizon (v_needs_response); ALERTS counts the
alerts whose latest state is not resolved and that changed within --horizon (alerts FINAL).
Alert lines (FIRED, UPDATED, ESCALATED, RESOLVED) appear above the frame as they happen. Ctrl+C stops.
A read that fails after the first one is shown on the frame and retried at the next interval.
${CLICKHOUSE_ENVIRONMENT}
Exit codes: 0 ok, 1 ClickHouse unreachable at the first read, 2 unknown competitive set or bad flag.`)
    .action(async (flags: Flags) => withClickHouse(async (ch) => {
      if (flags.set !== undefined) {
        const sets = await knownSets(ch);
        if (!sets.includes(flags.set)) return refuse(`unknown competitive set "${flags.set}"; known sets: ${sets.join(', ') || '(none yet)'}`, 2);
      }
      const read = reader(ch, flags);
      const first = await read();
      if (flags.once) {
        process.stdout.write(flags.json ? `${JSON.stringify(first.view)}\n` : `${renderFrame(first.view, { refreshSeconds: flags.interval }).map(plain).join('\n')}\n`);
      } else if (flags.json) {
        await runJson(read, first, flags);
      } else {
        await runScreen(read, first, flags);
      }
    }));
}
