// The text of `mentions top`: one frame per read (sets, brands, sparklines, open alerts) and one
// line per alert transition. Lines are segments with an optional colour, so the live view colours
// them and `--once` prints the same characters plain. Pure: no clock, no terminal.
import type { AlertLine, AlertTransition, TopView } from './top-view.ts';

export type Colour = 'red' | 'green' | 'yellow' | 'cyan' | 'gray';
export interface Segment { text: string; colour?: Colour; bold?: boolean }
export type Line = Segment[];

const BARS = '▁▂▃▄▅▆▇█';

/** One bar per value, scaled to the largest: 0 is the lowest bar, the largest the highest. */
export function sparkline(values: readonly number[]): string {
  const max = Math.max(0, ...values);
  return values.map((v) => BARS[max === 0 || v <= 0 ? 0 : Math.min(7, Math.ceil((v / max) * 7))]).join('');
}

export const plain = (line: Line) => line.map((s) => s.text).join('').trimEnd();

const pad = (text: string, width: number) => text.padEnd(width);
const padLeft = (text: string, width: number) => text.padStart(width);

function net(value: number | null): Segment {
  if (value === null) return { text: padLeft('-', 6) };
  const text = padLeft(`${value > 0 ? '+' : ''}${value.toFixed(2)}`, 6);
  return value > 0.05 ? { text, colour: 'green' } : value < -0.05 ? { text, colour: 'red' } : { text };
}

const count = (n: number, alarm: Colour) => ({ text: padLeft(String(n), 6), ...(n > 0 ? { colour: alarm } : {}) });

function alertLine(prefix: Segment, a: AlertLine): Line {
  const colour: Colour = a.state === 'resolved' ? 'green' : a.severity === 'critical' ? 'red' : 'yellow';
  return [
    prefix,
    { text: `${a.updated_at.slice(11, 19)}  ` },
    { text: pad(a.severity, 9), colour },
    { text: `${a.brand}  ${a.kind}  ` },
    { text: a.summary.replace(/\s+/g, ' ').trim() },
  ];
}

export interface FrameOptions {
  refreshSeconds: number;
  error?: string;
  /** Open alerts listed (newest first); the rest are counted on one line. */
  maxAlertLines?: number;
}

/** The whole screen of one read. */
export function renderFrame(view: TopView, options: FrameOptions): Line[] {
  const title: Line = [
    { text: 'mentions top', bold: true },
    { text: `  ${view.as_of.slice(0, 19).replace('T', ' ')} UTC  last ${view.range_minutes} min  every ${options.refreshSeconds} s` },
  ];
  const lines: Line[] = [title];
  if (options.error) lines.push([{ text: `! ${options.error} (showing the last read)`, colour: 'red' }]);
  if (view.sets.length === 0) lines.push([], [{ text: 'No brands yet: nothing in ClickHouse for the range.', colour: 'gray' }]);
  const nameWidth = Math.max(20, ...view.sets.flatMap((s) => [s.name.length, ...s.brands.map((b) => b.brand.length + 2)]));
  const sparkWidth = Math.max(`LAST ${view.range_minutes} MIN`.length, view.range_minutes);
  for (const set of view.sets) {
    lines.push([]);
    lines.push([
      { text: pad(set.name, nameWidth), bold: true },
      { text: `  ${padLeft('SHARE', 6)}  ${padLeft('MENTIONS', 8)}  ${pad(`LAST ${view.range_minutes} MIN`, sparkWidth)}  ${padLeft('NET', 6)}  ${padLeft('OPEN Q', 6)}  ${padLeft('ALERTS', 6)}`, colour: 'gray' },
    ]);
    for (const b of set.brands) {
      lines.push([
        { text: pad(`  ${b.brand}`, nameWidth) },
        { text: `  ${padLeft(`${(b.share * 100).toFixed(1)}%`, 6)}  ${padLeft(String(b.mentions), 8)}  ` },
        { text: pad(sparkline(b.perMinute), sparkWidth), colour: 'cyan' },
        { text: '  ' }, net(b.netSentiment),
        { text: '  ' }, count(b.openNeedsResponse, 'yellow'),
        { text: '  ' }, count(b.openAlerts, 'red'),
      ]);
    }
  }
  lines.push([]);
  lines.push([{ text: `open alerts (${view.open_alerts.length})`, bold: true }]);
  if (view.open_alerts.length === 0) lines.push([{ text: '  none', colour: 'gray' }]);
  const shown = options.maxAlertLines ?? 10;
  for (const a of view.open_alerts.slice(0, shown)) lines.push(alertLine({ text: '  ' }, a));
  if (view.open_alerts.length > shown) lines.push([{ text: `  … and ${view.open_alerts.length - shown} more (mentions alerts --open)`, colour: 'gray' }]);
  return lines;
}

const CHANGE_WORDS: Record<AlertTransition['change'], string> = { fired: 'FIRED    ', escalated: 'ESCALATED', updated: 'UPDATED  ', resolved: 'RESOLVED ' };

/** The line printed above the live frame when an alert fires, changes or resolves. */
export function renderTransition(t: AlertTransition): Line {
  const colour: Colour = t.change === 'resolved' ? 'green' : t.change === 'updated' ? 'yellow' : 'red';
  return alertLine({ text: `${CHANGE_WORDS[t.change]}  `, colour, bold: true }, t.alert);
}
