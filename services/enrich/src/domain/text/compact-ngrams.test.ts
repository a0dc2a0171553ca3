import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseEldNgrams, type CompactNgrams } from './compact-ngrams.ts';
import { eldPackageDirectory } from './eld-small.ts';

/** The table back as eld's shape: n-gram → {languageIndex: stored score}. */
function asObject(table: CompactNgrams): Record<string, Record<number, number>> {
  const out: Record<string, Record<number, number>> = {};
  for (const [key, id] of table.ids) {
    const scores: Record<number, number> = {};
    for (let k = table.start[id]!; k < table.start[id + 1]!; k++) scores[table.lang[k]!] = table.score[k]! - 53;
    out[key] = scores;
  }
  return out;
}

const file = (ngrams: string) => `/* header */\nexport const ngramsData = {type:'S2',languages:{0:'am',1:'ar'},isSubset:false,ngrams:{${ngrams}}};\n`;

describe('parseEldNgrams', () => {
  it('reads quoted keys with escapes, bare keys and integer keys, adding eld’s base score', () => {
    const table = parseEldNgrams(file(String.raw`' Lé4L':{0:176},L_QL:{0:148,1:0},'it\'s':{1:2},'a\\b':{0:1},1234:{1:5}`));
    expect(table.type).toBe('S2');
    expect(table.languages).toEqual(['am', 'ar']);
    expect(asObject(table)).toEqual({ ' Lé4L': { 0: 176 }, L_QL: { 0: 148, 1: 0 }, "it's": { 1: 2 }, 'a\\b': { 0: 1 }, '1234': { 1: 5 } });
    expect(table.score[1]).toBe(148 + 53);
  });

  it('refuses what it does not know instead of reading it differently', () => {
    expect(() => parseEldNgrams(file(`'ab':{0:-1}`))).toThrow(/a number/);
    expect(() => parseEldNgrams(file(`'ab':{2:1}`))).toThrow(/language index/);
    expect(() => parseEldNgrams(file(`'ab':{0:1,0:2}`))).toThrow(/language index/);
    expect(() => parseEldNgrams(file(`'ab':{0:1},'ab':{1:1}`))).toThrow(/a new key/);
    expect(() => parseEldNgrams(file(`"ab":{0:1}`))).toThrow(/a key/);
    expect(() => parseEldNgrams(file(`'ab':{0:99999}`))).toThrow(/score/);
    expect(() => parseEldNgrams('export default {}')).toThrow(/ngramsData/);
  });

  it('holds exactly what eld’s own small database holds', async () => {
    const path = join(eldPackageDirectory(), 'src/ngrams/small.js');
    const { ngramsData } = (await import(pathToFileURL(path).href)) as {
      ngramsData: { type: string; languages: Record<number, string>; ngrams: Record<string, Record<number, number>> };
    };
    const table = parseEldNgrams(readFileSync(path, 'utf8'));
    expect(table.type).toBe(ngramsData.type);
    expect(table.languages).toEqual(Object.values(ngramsData.languages));
    expect(table.ids.size).toBe(81_206);
    expect(table.lang.length).toBe(141_339);
    expect(asObject(table)).toEqual(ngramsData.ngrams);
  });
});
