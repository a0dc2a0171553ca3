// `mentions brands test|lint`: the brands file as enrich reads it (same loader, same matcher),
// to see why a text is or is not counted for a brand, and to check a file before enrich loads it.
import type { Command } from 'commander';
import { BrandConfigError, type BrandCatalog } from '../../../../services/enrich/src/domain/brands/index.ts';
import { DEFAULT_SET_PRIVACY, type SetPrivacy } from '../../../../services/enrich/src/domain/privacy/index.ts';
import { loadBrandCatalogFile } from '../../../../services/enrich/src/brand-catalog-file.ts';
import { explainMatches, type BrandVerdict } from '../brand-explain.ts';
import { printResult, refuse, type Column } from '../table.ts';

/** The catalog of `path`; refuses (exit 2) naming the problem of an invalid file, fails (exit 1) on an unreadable one. */
async function loadCatalog(path: string): Promise<BrandCatalog | undefined> {
  try {
    return await loadBrandCatalogFile(path);
  } catch (err) {
    if (err instanceof BrandConfigError) return void refuse(`${path}: ${err.message}`, 2);
    return void refuse(`cannot read brands file ${path}: ${(err as Error).message}`, 1);
  }
}

const VERDICT_COLUMNS: Column<BrandVerdict>[] = [
  { header: 'SET', value: (v) => v.competitive_set },
  { header: 'BRAND', value: (v) => v.brand },
  { header: 'MATCH', value: (v) => (v.matched ? 'yes' : 'no') },
  { header: 'WHY', value: (v) => v.why },
  { header: 'QUERY', value: (v) => v.explained_query },
];

interface LintedBrand { competitive_set: string; privacy: SetPrivacy; brand: string; handles: string[]; query: string }

const LINT_COLUMNS: Column<LintedBrand>[] = [
  { header: 'SET', value: (b) => b.competitive_set },
  { header: 'PRIVACY', value: (b) => b.privacy },
  { header: 'BRAND', value: (b) => b.brand },
  { header: 'HANDLES', value: (b) => b.handles.map((h) => `@${h}`).join(' ') },
  { header: 'QUERY', value: (b) => b.query },
];

/** What is valid but probably not meant: a set of one brand, a brand handle its own query does not match. */
function lintWarnings(catalog: BrandCatalog): string[] {
  const warnings: string[] = [];
  const sizes = new Map<string, number>();
  for (const b of catalog.brands) sizes.set(b.competitiveSet, (sizes.get(b.competitiveSet) ?? 0) + 1);
  for (const [set, size] of sizes) {
    if (size === 1) warnings.push(`competitive_sets.${set}: one brand only, so its share of voice is always 100%`);
  }
  for (const brand of catalog.brands) {
    for (const handle of brand.handles) {
      if (!catalog.match(`@${handle}`).some((m) => m.brand === brand)) {
        warnings.push(`competitive_sets.${brand.competitiveSet}.${brand.name}: its query does not match @${handle}, so a mention addressed only to that handle is not counted`);
      }
    }
  }
  return warnings;
}

interface TestFlags { file?: string; replyTo?: string; author?: string; all?: boolean; json?: boolean }

export function addBrandsCommand(program: Command): void {
  const brands = program.command('brands').description('Check a brands file and see which brands a text matches, with the matcher enrich uses.');
  brands
    .command('test')
    .description('Which brands a text matches, which terms of their queries it contains, and why a brand matched or not.')
    .argument('<text>', 'the text of a mention')
    .option('--file <path>', 'brands file (default: $BRANDS_FILE, as enrich)')
    .option('--reply-to <handle>', 'the handle the mention replies to (counts as @-mentioned, as in enrich)')
    .option('--author <handle>', "the author's handle (a brand's own handle makes it the brand's own post)")
    .option('--all', 'list every brand, not only those with a term found')
    .option('--json', 'print the verdicts as JSON, with the terms found')
    .addHelpText('after', `
QUERY is the brand's query as parsed, with each term found in the text in [brackets].
Exit codes: 0 ok (also when nothing matches), 1 unreadable file, 2 invalid file or no file given.`)
    .action(async (text: string, flags: TestFlags) => {
      const path = flags.file ?? process.env['BRANDS_FILE'];
      if (!path) return refuse('no brands file: pass --file or set BRANDS_FILE', 2);
      const catalog = await loadCatalog(path);
      if (!catalog) return;
      const verdicts = explainMatches(catalog, { text, replyTo: flags.replyTo, author: flags.author })
        .filter((v) => flags.all || v.matched || v.found.length > 0);
      printResult(flags, verdicts, VERDICT_COLUMNS, verdicts);
    });
  brands
    .command('lint')
    .description('Validate a brands file as enrich would load it and print its competitive sets, brands, handles and queries.')
    .argument('<file>', 'brands file (YAML)')
    .option('--json', 'print the brands and warnings as JSON')
    .addHelpText('after', `
PRIVACY is the set's privacy setting: keep_all, or anonymize_undirected (mentions not addressed to the brand
count in every rollup but keep neither text nor author identity; docs/PRIVACY.md).
Warnings (stderr, exit 0): a competitive set of one brand; a brand handle its own query does not match.
Exit codes: 0 valid, 1 unreadable file, 2 invalid file (the message names the key or the query position).`)
    .action(async (file: string, flags: { json?: boolean }) => {
      const catalog = await loadCatalog(file);
      if (!catalog) return;
      const rows: LintedBrand[] = catalog.brands.map((b) => ({ competitive_set: b.competitiveSet, privacy: b.privacy ?? DEFAULT_SET_PRIVACY, brand: b.name, handles: b.handles, query: b.query }));
      const warnings = lintWarnings(catalog);
      if (!flags.json) for (const w of warnings) process.stderr.write(`mentions: warning: ${w}\n`);
      printResult(flags, { file, brands: rows, warnings }, LINT_COLUMNS, rows);
    });
}
