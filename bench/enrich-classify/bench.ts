// Classifications per second, single-threaded, on synthetic tweet-like mentions:
//   pnpm tsx bench/enrich-classify/bench.ts [--mentions 5000] [--seconds 2]
// The baseline (tokenising the same texts) runs in the same process, so the figures can be compared across machines.
// Rates are per CPU second of this process (process.cpuUsage), so other work on a shared machine does not lower them.
// "handle names" is the trained path with the features of before brand masking, measured in the same run.
// The last line is `RESULT name=value ...` (classifications per CPU second, single thread).
import { parseArgs } from 'node:util';
import { createTextClassifier, INTENTS, type ClassifyText, type Intent, type LinearModel } from '../../services/enrich/src/domain/text/index.ts';
import { detectLanguage } from '../../services/enrich/src/domain/text/language.ts';
import { createRandom } from '@mentions/runtime';
import { analyzeText } from '../../services/enrich/src/domain/text/text-analysis.ts';
import { tokenize } from '../../services/enrich/src/domain/text/tokenize.ts';
import { trainLinearModel } from '../../services/enrich/src/training/train-linear-model.ts';
import { DEFAULT_FEATURE_SPEC, type FeatureSpec } from '../../services/enrich/src/domain/text/features.ts';

const { values } = parseArgs({ options: { mentions: { type: 'string', default: '5000' }, seconds: { type: 'string', default: '2' } } });
const MENTIONS = Number(values.mentions);
const SECONDS = Number(values.seconds);

const random = createRandom(42);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

const BRANDS = ['@skyair', '@AcmeMobile', '@ShopRight', '@QuickBank', '@StreamBox', '@RideNow'];
const OPENERS = ['', 'hey ', 'so ', 'ok ', 'ugh ', 'wow ', 'honestly ', 'just a heads up, ', ''];
const BODIES: readonly (readonly [string, string])[] = [
  ['my flight has been delayed 3 hours and nobody at the gate knows anything', 'negative'],
  ['been on hold for over an hour, still waiting for someone to pick up', 'negative'],
  ['the app keeps crashing every time I try to pay', 'negative'],
  ['where is my order? it was supposed to arrive on monday', 'negative'],
  ['you lost my bag AGAIN. never flying with you again', 'negative'],
  ['charged me twice for the same subscription, please fix this', 'negative'],
  ['thanks for the quick help today, the agent was lovely', 'positive'],
  ['loving the new update, the dark mode is sooo good', 'positive'],
  ['10/10 would fly again, crew were amazing', 'positive'],
  ['highly recommend the new plan, way cheaper than before', 'positive'],
  ['does the premium plan include international roaming?', 'neutral'],
  ['what time does the store open on sundays', 'neutral'],
  ['thinking of buying the new phone, is it worth it?', 'neutral'],
  ['wish you had a family plan, would be nice if I could share data', 'neutral'],
  ['can I change my seat online or do I need to call', 'neutral'],
  ['switching to another bank next month, done with these fees', 'negative'],
  ['giveaway! follow and RT to win a free phone, use code WIN20 for 20% off', 'neutral'],
  ['the crew was lovely but the flight was delayed 3 hours', 'negative'],
  ['not bad at all, delivery came a day early', 'positive'],
  ['is the wifi working on flight 212?', 'neutral'],
];
const TAILS = ['', '', ' #fail', ' #customerservice', ' http://t.co/abc123', ' 😡', ' 😍', ' 🙏', ' :(', ' :)', '!!', '...', ' @support'];

function syntheticMention(): { text: string; sentiment: string; complaint: boolean } {
  const [body, sentiment] = pick(BODIES);
  const text = `${pick(BRANDS)} ${pick(OPENERS)}${body}${pick(TAILS)}${random() < 0.3 ? ` ${pick(TAILS)}` : ''}`;
  return { text, sentiment, complaint: sentiment === 'negative' };
}

const mentions = Array.from({ length: MENTIONS }, syntheticMention);
const texts = mentions.map((m) => m.text);

function train(features: FeatureSpec = DEFAULT_FEATURE_SPEC): { sentiment: LinearModel; intents: Record<Intent, LinearModel> } {
  const analysed = mentions.map((m) => ({ analysis: analyzeText(m.text), m }));
  const sentiment = trainLinearModel(
    'sentiment',
    ['positive', 'negative', 'neutral'],
    analysed.map(({ analysis, m }) => ({ analysis, label: m.sentiment })),
    { features },
  );
  const intents = {} as Record<Intent, LinearModel>;
  for (const intent of INTENTS) {
    intents[intent] = trainLinearModel(
      intent,
      ['other', intent],
      analysed.map(({ analysis }, i) => ({
        analysis,
        label: analysis.ruleIntents.includes(intent) || (intent === 'complaint' && mentions[i]?.complaint) ? intent : 'other',
      })),
      { epochs: 3, features },
    );
  }
  return { sentiment, intents };
}

/** CPU seconds this process has used: on a shared machine, the rate per core whatever else runs beside it. */
function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/** Runs `step` over all texts for SECONDS of CPU time; returns texts per CPU second. */
function measure(step: (text: string) => unknown): number {
  let sink = 0;
  for (const t of texts) sink += step(t) === undefined ? 0 : 1; // warm-up
  let done = 0;
  const started = cpuSeconds();
  let elapsed = 0;
  while (elapsed < SECONDS) {
    for (const t of texts) sink += step(t) === undefined ? 0 : 1;
    done += texts.length;
    elapsed = cpuSeconds() - started;
  }
  if (sink < 0) console.log(sink);
  return done / elapsed;
}

const { sentiment, intents } = train();
// The features of the models before brand masking (handle names as features), measured in the same run.
const before = train({ ...DEFAULT_FEATURE_SPEC, maskBrands: false, handleNames: true });
const cases: readonly (readonly [string, string, (text: string) => unknown])[] = [
  ['baseline: tokenize only', 'tokenize', tokenize],
  ['language detection only', 'language', (t) => detectLanguage(tokenize(t))],
  ['built-in, language detected', 'builtin', createTextClassifier()],
  [
    'built-in, lang hint "en"',
    'builtin_en_hint',
    (
      (c: ClassifyText) => (t: string) =>
        c(t, 'en')
    )(createTextClassifier()),
  ],
  [
    'trained sentiment + complaint, handle names',
    'trained_sentiment_complaint_handle_names',
    createTextClassifier({ sentiment: before.sentiment, intents: { complaint: before.intents.complaint } }),
  ],
  ['trained sentiment + complaint models', 'trained_sentiment_complaint', createTextClassifier({ sentiment, intents: { complaint: intents.complaint } })],
  ['trained sentiment + all 8 intent models', 'trained_all', createTextClassifier({ sentiment, intents })],
];

console.log(`${MENTIONS} synthetic mentions, ${SECONDS} CPU seconds per case, Node ${process.version}, single thread, rates per CPU second`);
const results: string[] = [];
for (const [name, key, step] of cases) {
  const perSecond = measure(step);
  console.log(`${name.padEnd(42)} ${Math.round(perSecond).toLocaleString('en-US').padStart(10)} /s  ${(1e6 / perSecond).toFixed(2).padStart(7)} µs each`);
  results.push(`${key}_per_s=${Math.round(perSecond)}`);
}
console.log(`RESULT ${results.join(' ')}`);
