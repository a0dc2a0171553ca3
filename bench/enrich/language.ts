// enrich's language detector, eld/small beside eldSmall (the same algorithm over a compact table,
// services/enrich/src/domain/text/eld-small.ts), in one run:
//   - µs per detect on the words detectLanguage passes to eld (generator mentions in en/de/es/fr/pt, hints
//     dropped), rounds alternating between the two, median round; and how many answers differ (must be 0);
//   - what loading each costs a fresh Node process with the services' flags: RSS and heap after load (and the heap
//     still live after a full GC), and load time.
// Run: bash scripts/env.sh node bench/enrich/language.ts   (BENCH_TEXTS, BENCH_ROUNDS)
// The last line is `RESULT eld_detect_us=… compact_detect_us=… differences=… eld_load_rss_mib=… compact_load_rss_mib=… eld_live_heap_mib=… …`.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { defaultDemoConfig } from '../../services/ingest/src/sources/generator/demo-config.ts';
import { createMentionGenerator } from '../../services/ingest/src/sources/generator/mention-generator.ts';
import { eldPackageDirectory } from '../../services/enrich/src/domain/text/eld-small.ts';
import { tokenize } from '../../services/enrich/src/domain/text/tokenize.ts';
import type { EldDetector } from '../../services/enrich/src/domain/text/eld-detector.ts';
import { SERVICE_NODE_FLAGS } from '../../test/helpers/ts-run.ts';

const TEXTS = Number(process.env.BENCH_TEXTS ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const ROUND_MS = 300;

/** eld's own 'small' instance; the package's exports allow no import of it from outside services/enrich by name. */
const ELD_URL = pathToFileURL(join(eldPackageDirectory(), 'src/entries/static.small.js')).href;
const COMPACT_URL = new URL('../../services/enrich/src/domain/text/eld-small.ts', import.meta.url).href;
const TS_WARM_UP_URL = new URL('../../test/helpers/ts-run.ts', import.meta.url).href;
const loadEld = async (): Promise<EldDetector> => ((await import(ELD_URL)) as { eld: EldDetector }).eld;
const loadCompact = async (): Promise<EldDetector> => ((await import(COMPACT_URL)) as { eldSmall: EldDetector }).eldSmall;

// A fresh Node process (the services' flags) that loads one detector module and reports what that cost it.
const LOAD_CHILD = String.raw`
import { readFileSync } from 'node:fs';
const mib = (f) => Number(new RegExp(f + ':\\s+(\\d+) kB').exec(readFileSync('/proc/self/status', 'utf8'))[1]) / 1024;
await import(process.argv[2]); // a small .ts module first: Node's type stripper is loaded in every service anyway
const beforeMib = mib('VmRSS');
const t0 = performance.now();
const mod = await import(process.argv[1]);
const loadMs = performance.now() - t0;
(mod.eld ?? mod.eldSmall).detect('warm up');
const m = process.memoryUsage();
const rssMib = mib('VmRSS');
globalThis.gc();
const liveHeapMib = process.memoryUsage().heapUsed / 2 ** 20;
console.log(JSON.stringify({ beforeMib, rssMib, hwmMib: mib('VmHWM'), heapUsedMib: m.heapUsed / 2 ** 20, heapTotalMib: m.heapTotal / 2 ** 20, liveHeapMib, loadMs }));
`;
interface LoadCost { beforeMib: number; rssMib: number; hwmMib: number; heapUsedMib: number; heapTotalMib: number; liveHeapMib: number; loadMs: number }
const loadCost = (moduleUrl: string): LoadCost =>
  JSON.parse(execFileSync(process.execPath, [...SERVICE_NODE_FLAGS, '--expose-gc', '--input-type=module', '-e', LOAD_CHILD, moduleUrl, TS_WARM_UP_URL], { encoding: 'utf8' })) as LoadCost;

function texts(): string[] {
  const generator = createMentionGenerator({ ...defaultDemoConfig(Date.parse('2026-01-01T00:00:00Z'), 7), incidents: [] });
  return Array.from({ length: TEXTS }, () =>
    tokenize(generator.next().input.text).filter((t) => t.kind === 'word').map((t) => t.norm).join(' '));
}

/** µs per detect over one round of at least ROUND_MS, cycling through the texts. */
function round(detector: EldDetector, inputs: string[], from: number): { us: number; next: number } {
  let cursor = from;
  let done = 0;
  let sink = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < ROUND_MS) {
    for (let k = 0; k < 100; k++) {
      if (detector.detect(inputs[cursor]!).language === 'en') sink++;
      cursor = (cursor + 1) % inputs.length;
    }
    done += 100;
    elapsed = performance.now() - start;
  }
  if (sink < 0) console.log(sink);
  return { us: (elapsed * 1000) / done, next: cursor };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const inputs = texts();
const eld = await loadEld();
const compact = await loadCompact();
let differences = 0;
for (const t of inputs) {
  const a = eld.detect(t);
  const b = compact.detect(t);
  if (a.language !== b.language || a.isReliable() !== b.isReliable()) differences++;
}
const us: Record<'eld' | 'compact', number[]> = { eld: [], compact: [] };
for (const d of [eld, compact]) round(d, inputs, 0); // warm-up
let cursor = 0;
for (let r = 0; r < ROUNDS; r++) {
  for (const [name, d] of (r % 2 ? [['compact', compact], ['eld', eld]] : [['eld', eld], ['compact', compact]]) as [keyof typeof us, EldDetector][]) {
    const out = round(d, inputs, cursor);
    us[name].push(out.us);
    if (name === 'compact') cursor = out.next;
  }
}
const eldUs = median(us.eld);
const compactUs = median(us.compact);
console.log(`node ${process.version}; ${inputs.length.toLocaleString('en-US')} generator mentions (en/de/es/fr/pt) as the words detectLanguage passes; ${ROUNDS} alternating rounds of ${ROUND_MS} ms`);
console.log(`detect   eld/small ${eldUs.toFixed(2)} µs   eldSmall (compact) ${compactUs.toFixed(2)} µs   (${(compactUs / eldUs).toFixed(2)}×); answers that differ: ${differences}`);

const costs = { eld: loadCost(ELD_URL), compact: loadCost(COMPACT_URL) };
for (const [name, c] of Object.entries(costs)) {
  console.log(
    `load     ${name.padEnd(8)} RSS ${c.beforeMib.toFixed(0)} → ${c.rssMib.toFixed(0)} MiB (+${(c.rssMib - c.beforeMib).toFixed(0)}), peak ${c.hwmMib.toFixed(0)} MiB, ` +
      `heap used ${c.heapUsedMib.toFixed(1)} MiB of ${c.heapTotalMib.toFixed(1)} MiB (${c.liveHeapMib.toFixed(1)} MiB live after a GC), ${c.loadMs.toFixed(0)} ms`,
  );
}
console.log(
  `RESULT eld_detect_us=${eldUs.toFixed(2)} compact_detect_us=${compactUs.toFixed(2)} differences=${differences} ` +
    `eld_load_rss_mib=${(costs.eld.rssMib - costs.eld.beforeMib).toFixed(1)} compact_load_rss_mib=${(costs.compact.rssMib - costs.compact.beforeMib).toFixed(1)} ` +
    `eld_live_heap_mib=${costs.eld.liveHeapMib.toFixed(1)} compact_live_heap_mib=${costs.compact.liveHeapMib.toFixed(1)} ` +
    `eld_load_s=${(costs.eld.loadMs / 1000).toFixed(3)} compact_load_s=${(costs.compact.loadMs / 1000).toFixed(3)}`,
);
