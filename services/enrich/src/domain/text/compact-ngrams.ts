// eld's n-gram database as a few typed arrays. eld ships it as a JS object literal (`ngrams/small.js`: 81,206 n-grams →
// {languageIndex: score}); importing it costs ~130 MiB of RSS and ~47 MB of live heap for ~1 MB of numbers. Here the
// file is read as text and scanned once, so the literal is never evaluated and its text is collected after loading.

/** One n-gram's scores live at entries start[id] ≤ k < start[id + 1]: language lang[k] gets score[k]. */
export interface CompactNgrams {
  /** eld's database type, e.g. 'S60' (small, 60 languages). */
  type: string;
  /** ISO 639-1 code of each language index. */
  languages: readonly string[];
  ids: ReadonlyMap<string, number>;
  start: Uint32Array;
  lang: Uint8Array;
  /** eld's stored score plus its base score (53), which eld adds at every lookup. */
  score: Uint16Array;
}

// eld subtracted this from every score to shrink its files and adds it back when scoring (languageDetector.js).
const BASE_NGRAM_SCORE = 53;

/**
 * Reads the text of an eld ngrams file: `export const ngramsData = {type:'S60',languages:{0:'am',…},isSubset:false,
 * ngrams:{' Lé4L':{0:176},L_QL:{0:148},…}};`. Keys are single-quoted strings (with `\'` and `\\` escapes) or bare
 * identifiers; anything else throws, so a changed file format fails at start instead of detecting differently.
 */
export function parseEldNgrams(source: string): CompactNgrams {
  let at = 0;
  const fail = (what: string): never => {
    throw new Error(`eld ngrams: expected ${what} at offset ${at}: ${JSON.stringify(source.slice(at, at + 30))}`);
  };
  const expect = (text: string): void => {
    if (!source.startsWith(text, at)) fail(JSON.stringify(text));
    at += text.length;
  };
  // Digits and quoted keys are read in place: slicing every number out would leave ~10 MB of garbage behind.
  const readInt = (): number => {
    const from = at;
    let value = 0;
    for (let c = source.charCodeAt(at); c >= 48 && c <= 57; c = source.charCodeAt(++at)) value = value * 10 + (c - 48);
    if (at === from) fail('a number');
    return value;
  };
  let nextEscape = source.indexOf('\\');
  const readKey = (): string => {
    if (source[at] === "'") {
      at++;
      const end = source.indexOf("'", at);
      if (nextEscape >= 0 && nextEscape < at) nextEscape = source.indexOf('\\', at);
      if (end >= 0 && (nextEscape < 0 || nextEscape > end)) {
        const key = source.slice(at, end);
        at = end + 1;
        return key;
      }
      let key = '';
      for (;;) {
        const c = source[at++];
        if (c === undefined) return fail('a closing quote');
        if (c === "'") return key;
        if (c === '\\') {
          const escaped = source[at++];
          if (escaped !== "'" && escaped !== '\\') fail("\\' or \\\\");
          key += escaped;
        } else key += c;
      }
    }
    const from = at;
    while (at < source.length && source[at] !== ':') at++;
    const key = source.slice(from, at);
    // A bare key is an identifier (or a canonical integer, which is its own string).
    if (!/^[\p{L}$_][\p{L}\p{N}$_]*$|^(0|[1-9]\d*)$/u.test(key)) fail('a key');
    return key;
  };

  at = source.indexOf('ngramsData = {');
  if (at < 0) fail('ngramsData');
  expect('ngramsData = {type:');
  const type = readKey();
  expect(',languages:{');
  const languages: string[] = [];
  while (source[at] !== '}') {
    if (readInt() !== languages.length) fail(`language index ${languages.length}`);
    expect(':');
    languages.push(readKey());
    if (source[at] === ',') at++;
  }
  expect('},isSubset:false,ngrams:{');

  const ids = new Map<string, number>();
  const start: number[] = [0];
  const lang: number[] = [];
  const score: number[] = [];
  while (source[at] !== '}') {
    const key = readKey();
    if (ids.has(key)) fail(`a new key, not a second ${JSON.stringify(key)}`);
    expect(':{');
    const first = lang.length;
    while (source[at] !== '}') {
      const language = readInt();
      if (language >= languages.length || lang.indexOf(language, first) >= 0) fail('a new language index');
      expect(':');
      const value = readInt() + BASE_NGRAM_SCORE;
      if (value > 0xffff) fail('a score below 65,483');
      lang.push(language);
      score.push(value);
      if (source[at] === ',') at++;
    }
    at++;
    ids.set(key, ids.size);
    start.push(lang.length);
    if (source[at] === ',') at++;
  }
  expect('}}');
  return { type, languages, ids, start: Uint32Array.from(start), lang: Uint8Array.from(lang), score: Uint16Array.from(score) };
}
