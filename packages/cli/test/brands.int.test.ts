// `pnpm mentions brands test|lint` on brands files written here: verdicts with the terms found
// and why, the file from --file or BRANDS_FILE, lint output and warnings, invalid and missing files.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mentions } from './run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'brands-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const BRANDS = `competitive_sets:
  airlines:
    privacy: anonymize_undirected
    United:
      handles: [united, unitedhelp]
      query: '("united airlines" OR @united OR #unitedairlines) AND NOT "manchester united"'
    Delta:
      handles: ['@Delta']
      query: 'delta OR @delta'
  phones:
    Orbit:
      handles: [orbitmobile]
      query: '(orbit AND NOT (space OR satellite)) OR @orbitmobile'
`;

describe('brands', () => {
  it('test: which brands a text matches, the terms found and why; lint: the file or its exact problem', async () => {
    const brands = file('brands.yaml', BRANDS);
    const badQuery = file('bad-query.yaml', BRANDS.replace("'delta OR @delta'", "'delta OR (@delta'"));
    const badKey = file('bad-key.yaml', BRANDS.replace('handles: [orbitmobile]', 'handle: [orbitmobile]'));
    const badPrivacy = file('bad-privacy.yaml', BRANDS.replace('privacy: anonymize_undirected', 'privacy: hide'));
    const missing = join(dir, 'missing.yaml');
    const text = 'United Airlines lost my bag at the Manchester United game, @Delta did better. My orbit satellite phone is fine.';
    const [table, json, all, fromEnv, noFile, test2, lint, lintJson, lint2, lintKey, lint1, lintPrivacy] = await Promise.all([
      mentions({}, 'brands', 'test', text, '--file', brands),
      mentions({}, 'brands', 'test', 'Flying DELTA, thanks @delta', '--file', brands, '--json'),
      mentions({}, 'brands', 'test', 'hello', '--file', brands, '--all', '--author', 'OrbitMobile'),
      mentions({ BRANDS_FILE: brands }, 'brands', 'test', 'we are on it', '--reply-to', '@orbitmobile'),
      mentions({ BRANDS_FILE: '' }, 'brands', 'test', text),
      mentions({}, 'brands', 'test', text, '--file', badQuery),
      mentions({}, 'brands', 'lint', brands),
      mentions({}, 'brands', 'lint', brands, '--json'),
      mentions({}, 'brands', 'lint', badQuery),
      mentions({}, 'brands', 'lint', badKey),
      mentions({}, 'brands', 'lint', missing),
      mentions({}, 'brands', 'lint', badPrivacy),
    ]);

    expect([table.code, table.stderr]).toEqual([0, '']);
    expect(table.stdout).toBe([
      'SET       BRAND   MATCH  WHY                                               QUERY',
      'airlines  United  no     query false: excluded by NOT "manchester united"  (["united airlines"] OR @united OR #unitedairlines) AND NOT ["manchester united"]',
      'airlines  Delta   yes    query true: found @delta                          delta OR [@delta]',
      'phones    Orbit   no     query false: excluded by NOT satellite            [orbit] AND NOT (space OR [satellite]) OR @orbitmobile',
      '',
    ].join('\n'));
    expect(JSON.parse(json.stdout)).toEqual([{
      competitive_set: 'airlines', brand: 'Delta', matched: true, own_post: false, matched_terms: ['delta', '@delta'],
      found: [{ term: 'delta', negated: false }, { term: '@delta', negated: false }], why: 'query true: found delta, @delta', explained_query: '[delta] OR [@delta]',
    }]);
    expect(all.stdout).toBe([
      'SET       BRAND   MATCH  WHY                                                                QUERY',
      'airlines  United  no     no term of the query found                                         ("united airlines" OR @united OR #unitedairlines) AND NOT "manchester united"',
      'airlines  Delta   no     no term of the query found                                         delta OR @delta',
      "phones    Orbit   yes    own post: @orbitmobile is the brand's handle (the query is false)  orbit AND NOT (space OR satellite) OR @orbitmobile",
      '',
    ].join('\n'));
    expect(fromEnv.stdout).toBe('SET     BRAND  MATCH  WHY                             QUERY\nphones  Orbit  yes    query true: found @orbitmobile  orbit AND NOT (space OR satellite) OR [@orbitmobile]\n');
    expect([noFile.code, noFile.stdout, noFile.stderr]).toEqual([2, '', 'mentions: no brands file: pass --file or set BRANDS_FILE\n']);
    expect([test2.code, test2.stdout, test2.stderr]).toEqual([2, '', `mentions: ${badQuery}: brand "Delta": query position 17: expected ')' but found end of query\n`]);

    expect([lint.code]).toEqual([0]);
    expect(lint.stdout).toBe([
      'SET       PRIVACY               BRAND   HANDLES              QUERY',
      'airlines  anonymize_undirected  United  @united @unitedhelp  ("united airlines" OR @united OR #unitedairlines) AND NOT "manchester united"',
      'airlines  anonymize_undirected  Delta   @delta               delta OR @delta',
      'phones    keep_all              Orbit   @orbitmobile         (orbit AND NOT (space OR satellite)) OR @orbitmobile',
      '',
    ].join('\n'));
    const warnings = [
      'competitive_sets.phones: one brand only, so its share of voice is always 100%',
      'competitive_sets.airlines.United: its query does not match @unitedhelp, so a mention addressed only to that handle is not counted',
    ];
    expect(lint.stderr).toBe(warnings.map((w) => `mentions: warning: ${w}\n`).join(''));
    expect([lintJson.stderr, JSON.parse(lintJson.stdout)]).toEqual(['', {
      file: brands,
      brands: [
        { competitive_set: 'airlines', privacy: 'anonymize_undirected', brand: 'United', handles: ['united', 'unitedhelp'], query: '("united airlines" OR @united OR #unitedairlines) AND NOT "manchester united"' },
        { competitive_set: 'airlines', privacy: 'anonymize_undirected', brand: 'Delta', handles: ['delta'], query: 'delta OR @delta' },
        { competitive_set: 'phones', privacy: 'keep_all', brand: 'Orbit', handles: ['orbitmobile'], query: '(orbit AND NOT (space OR satellite)) OR @orbitmobile' },
      ],
      warnings,
    }]);
    expect([lint2.code, lint2.stdout, lint2.stderr]).toEqual([2, '', `mentions: ${badQuery}: brand "Delta": query position 17: expected ')' but found end of query\n`]);
    expect([lintKey.code, lintKey.stderr]).toEqual([2, `mentions: ${badKey}: competitive_sets.phones.Orbit: unknown key "handle" (allowed: handles, query)\n`]);
    expect([lintPrivacy.code, lintPrivacy.stderr]).toEqual([2, `mentions: ${badPrivacy}: competitive_sets.airlines.privacy: expected one of keep_all, anonymize_undirected but found string "hide"\n`]);
    expect([lint1.code, lint1.stderr]).toEqual([1, `mentions: cannot read brands file ${missing}: ENOENT: no such file or directory, open '${missing}'\n`]);
  });
});
