// Single-core throughput of brand matching at 10, 1,000 and 10,000 brands, beside baselines
// measured in the same run. Run from the repo root: pnpm tsx bench/enrich/bench.ts
//
// Lines per brand count:
//   tokenize only   normalize + tokenize, the floor any token-based matcher pays
//   catalog match   compileBrandCatalog(...).match(text): the production matcher
//   naive per-brand same tokenizer, then every brand's query evaluated per mention
//   naive regex     one regex per term, every brand's query per mention (not at 10,000 brands:
//                   40,000 compiled regexes take minutes and gigabytes)
//   (both naive matchers are in bench/enrich/naive-matcher.ts)
//   full enrich     catalog match + text classification of every mention (worst case: in the
//                   pipeline only matched mentions need classifying)
// The last line is `RESULT name=value ...` (mentions per second, single core) for scripts to compare.
import { defaultDemoConfig } from '../../services/ingest/src/sources/generator/demo-config.ts';
import { createMentionGenerator } from '../../services/ingest/src/sources/generator/mention-generator.ts';
import { createTextClassifier } from '../../services/enrich/src/domain/text/index.ts';
import { trainLinearModel } from '../../services/enrich/src/training/train-linear-model.ts';
import { analyzeText } from '../../services/enrich/src/domain/text/text-analysis.ts';
import { compileBrandCatalog, type BrandCatalog } from '../../services/enrich/src/domain/brands/index.ts';
import {
  createTokenBuffer,
  normalizeText,
  scanTokens,
} from '../../services/enrich/src/domain/brands/mention-tokens.ts';
import { createPerBrandMatcher, createRegexMatcher } from './naive-matcher.ts';
import { syntheticBrands, syntheticTexts } from './synthetic-mentions.ts';

const BRAND_COUNTS = [10, 1_000, 10_000];
const TEXTS = 20_000;
const BRAND_SHARE = 0.05;
const ROUNDS = 7;
const ROUND_MS = 250;
const REGEX_MAX_BRANDS = 1_000;

type Classify = (text: string, langHint?: string) => unknown;

/**
 * The built-in classifier, and one with trained sentiment and complaint models; these are
 * trained here on the demo generator's labelled output (its ground truth), so the bench needs
 * no data files. Only their speed matters here, not their accuracy.
 */
function loadClassifiers(): { builtin: Classify; trained: Classify } {
  const generated = createMentionGenerator({ ...defaultDemoConfig(Date.parse('2026-01-01T00:00:00Z'), 5), ratePerMinute: 600 }).generate(
    Date.parse('2026-01-01T00:10:00Z'),
  );
  const english = generated.filter((g) => g.truth.lang === 'en');
  const analyses = english.map((g) => analyzeText(g.input.text));
  const sentiment = trainLinearModel('sentiment', ['negative', 'neutral', 'positive'], english.flatMap((g, i) =>
    g.truth.sentiment === 'mixed' ? [] : [{ analysis: analyses[i]!, label: g.truth.sentiment }]));
  const complaint = trainLinearModel('complaint', ['other', 'complaint'], english.map((g, i) => ({ analysis: analyses[i]!, label: g.truth.intents.includes('complaint') ? 'complaint' : 'other' })));
  return { builtin: createTextClassifier(), trained: createTextClassifier({ sentiment, intents: { complaint } }) };
}

/**
 * Mentions per second of fn over texts: a warm-up, then ROUNDS rounds of at least ROUND_MS
 * each, cycling through the texts; the median round is reported, as other processes on the
 * machine slow some rounds down.
 */
function measure(texts: string[], fn: (text: string) => unknown): number {
  let sink = 0;
  const warmUp = Math.min(texts.length, 5_000);
  for (let i = 0; i < warmUp; i++) if (fn(texts[i]!)) sink++;
  let cursor = 0;
  const rates: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    let done = 0;
    let elapsed = 0;
    const start = performance.now();
    // Reading the clock after every mention would cost more than the fast matchers' work.
    while (elapsed < ROUND_MS) {
      for (let k = 0; k < 64; k++) {
        if (fn(texts[cursor]!)) sink++;
        cursor = (cursor + 1) % texts.length;
      }
      done += 64;
      elapsed = performance.now() - start;
    }
    rates.push((done / elapsed) * 1000);
  }
  if (sink < 0) console.log(sink);
  return rates.sort((a, b) => a - b)[Math.floor(ROUNDS / 2)]!;
}

function formatRate(rate: number): string {
  const perMention = 1e6 / rate;
  return `${Math.round(rate).toLocaleString('en-US').padStart(11)} mentions/s  ${perMention.toFixed(2).padStart(9)} µs/mention`;
}

/** Share of texts where both matchers name the same brands; a check that the baseline is fair. */
function agreement(
  texts: string[],
  catalog: BrandCatalog,
  naive: (text: string) => { name: string }[],
  sample: number,
): string {
  let same = 0;
  let matched = 0;
  const n = Math.min(sample, texts.length);
  for (let i = 0; i < n; i++) {
    const a = catalog
      .match(texts[i]!)
      .map((m) => m.brand.name)
      .join();
    const b = naive(texts[i]!)
      .map((brand) => brand.name)
      .join();
    if (a === b) same++;
    if (a !== '') matched++;
  }
  return `${same}/${n} texts agree, ${matched} matched a brand`;
}

async function main(): Promise<void> {
  const classifiers = loadClassifiers();
  const results: string[] = [];
  const allBrands = syntheticBrands(Math.max(...BRAND_COUNTS));
  console.log(
    `node ${process.version}, ${TEXTS.toLocaleString('en-US')} synthetic texts per brand count, ~${BRAND_SHARE * 100}% name a brand`,
  );
  for (const count of BRAND_COUNTS) {
    const brands = allBrands.slice(0, count);
    const texts = syntheticTexts(TEXTS, brands, BRAND_SHARE);
    const compileStart = performance.now();
    const catalog = compileBrandCatalog(brands);
    const compileMs = performance.now() - compileStart;
    const perBrand = createPerBrandMatcher(brands);
    const regex = count <= REGEX_MAX_BRANDS ? createRegexMatcher(brands) : null;
    const buffer = createTokenBuffer();

    console.log(
      `\n${count.toLocaleString('en-US')} brands (catalog compiled in ${compileMs.toFixed(0)} ms; ${agreement(texts, catalog, perBrand, 2_000)})`,
    );
    const tokenize = measure(texts, (text) => scanTokens(normalizeText(text), buffer));
    const match = measure(texts, (text) => catalog.match(text).length);
    const perBrandRate = measure(texts, (text) => perBrand(text).length);
    console.log(`  tokenize only  ${formatRate(tokenize)}`);
    results.push(`tokenize_${count}_per_s=${Math.round(tokenize)}`, `catalog_match_${count}_per_s=${Math.round(match)}`);
    console.log(`  catalog match  ${formatRate(match)}  (${(match / tokenize).toFixed(2)}× tokenize only)`);
    console.log(
      `  naive per-brand${formatRate(perBrandRate)}  (catalog is ${(match / perBrandRate).toFixed(1)}× faster)`,
    );
    if (regex) {
      const regexRate = measure(texts, (text) => regex(text).length);
      console.log(`  naive regex    ${formatRate(regexRate)}  (catalog is ${(match / regexRate).toFixed(1)}× faster)`);
    } else {
      console.log(`  naive regex    skipped above ${REGEX_MAX_BRANDS.toLocaleString('en-US')} brands`);
    }
    for (const [name, classify] of [['built-in', classifiers.builtin], ['trained', classifiers.trained]] as const) {
      const full = measure(texts, (text) => {
        catalog.match(text);
        return classify(text);
      });
      console.log(`  full enrich, ${name.padEnd(8)}${formatRate(full)}  (match + classify every mention; ${(full / tokenize).toFixed(2)}× tokenize only)`);
      results.push(`full_enrich_${name === 'built-in' ? 'builtin' : name}_${count}_per_s=${Math.round(full)}`);
    }
  }
  console.log(`\nRESULT ${results.join(' ')}`);
}

await main();
