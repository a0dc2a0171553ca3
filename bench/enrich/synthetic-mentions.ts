// Deterministic synthetic brands and tweet-like texts for the enrich benchmark. The same seed
// gives the same data, so runs compare.
import type { Brand } from '../../services/enrich/src/domain/brands/index.ts';
import { createRandom } from '@mentions/runtime';

export type Random = () => number;

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const SYLLABLES = [
  'zan',
  'tor',
  'vix',
  'qua',
  'lem',
  'dri',
  'kor',
  'pex',
  'sul',
  'bry',
  'nox',
  'fae',
  'gri',
  'hul',
  'jex',
  'mov',
  'ryn',
  'tyl',
  'wex',
  'yul',
];
const CATEGORIES = ['airways', 'bank', 'phone', 'coffee', 'shoes', 'cloud', 'motors', 'foods', 'energy', 'games'];
const PRODUCTS = ['app', 'card', 'store', 'support', 'delivery', 'flight', 'plan', 'update', 'price', 'service'];
const EXCLUSIONS = ['street', 'fc', 'lyrics', 'recipe', 'hotel', 'movie'];

// Everyday words that make up most of a mention; none is a generated brand name.
const COMMON = (
  'i you we they it the a an and or but so to of in on at for with from my your our this that is was are ' +
  'be been have has had do did not no yes just really very so much more most today yesterday tomorrow now ' +
  'again still never always love hate like want need got get going went think know see time day week ' +
  'good bad great terrible awesome worst best late early new old first last help please thanks why how ' +
  'what when where who waiting hours minutes customer order account money people friend home work city ' +
  'morning night weekend happy sad angry lol omg wow rt via via amp update news video photo'
).split(' ');
const EMOJI = ['😂', '😡', '❤️', '👍', '🙏', '✈️', '🔥', '😭'];

/** A brand name from its index: distinct for every index, never an everyday word. */
function brandWord(index: number): string {
  let n = index;
  let word = '';
  do {
    word += SYLLABLES[n % SYLLABLES.length];
    n = Math.floor(n / SYLLABLES.length);
  } while (n > 0);
  return `${word}${SYLLABLES[index % 7]}`;
}

/** Brands with queries shaped like real ones: phrases, handles, hashtags, OR, AND NOT. */
export function syntheticBrands(count: number, seed = 1): Brand[] {
  const random = createRandom(seed);
  return Array.from({ length: count }, (_, i) => {
    const word = brandWord(i);
    const category = pick(random, CATEGORIES);
    const product = pick(random, PRODUCTS);
    const exclusion = pick(random, EXCLUSIONS);
    const shapes = [
      `("${word} ${category}" OR @${word} OR #${word}) AND NOT "${word} ${exclusion}"`,
      `${word} OR @${word} OR @${word}help`,
      `(${word} OR @${word}) AND NOT (${exclusion} OR "${word} ${exclusion}")`,
      `"${word} ${category}" OR "${word} ${product}" OR #${word}${product}`,
      `${word} (${category} OR ${product} OR @${word})`,
    ];
    return {
      name: word,
      competitiveSet: `set${Math.floor(i / 10)}`,
      handles: [word, `${word}help`],
      query: shapes[i % shapes.length]!,
    };
  });
}

/** How a text names a brand: the forms the queries above look for, plus near misses. */
function brandReference(random: Random, brand: Brand): string {
  const word = brand.name;
  return pick(random, [
    `@${word}`,
    `${word[0]!.toUpperCase()}${word.slice(1)}`,
    `#${word}`,
    `${word} ${pick(random, CATEGORIES)}`,
    `${word} ${pick(random, PRODUCTS)}`,
    `${word} ${pick(random, EXCLUSIONS)}`,
  ]);
}

/** Tweet-like texts; about brandShare of them name one or two of the brands. */
export function syntheticTexts(count: number, brands: Brand[], brandShare = 0.05, seed = 2): string[] {
  const random = createRandom(seed);
  return Array.from({ length: count }, () => {
    const words: string[] = [];
    const length = 8 + Math.floor(random() * 28);
    for (let w = 0; w < length; w++) {
      const r = random();
      if (r < 0.04) words.push(`@user${Math.floor(random() * 100_000)}`);
      else if (r < 0.06) words.push(`#${pick(random, COMMON)}${pick(random, COMMON)}`);
      else if (r < 0.08) words.push(pick(random, EMOJI));
      else if (r < 0.09) words.push(`https://t.co/${Math.floor(random() * 1e9).toString(36)}`);
      else words.push(pick(random, COMMON));
    }
    if (random() < brandShare) {
      const mentions = random() < 0.8 ? 1 : 2;
      for (let m = 0; m < mentions; m++) {
        words.splice(Math.floor(random() * words.length), 0, brandReference(random, pick(random, brands)));
      }
    }
    if (random() < 0.5) words[0] = words[0]![0]!.toUpperCase() + words[0]!.slice(1);
    return `${words.join(' ')}${pick(random, ['', '!', '?', '.', '!!'])}`;
  });
}
