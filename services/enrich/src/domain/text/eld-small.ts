// eld's 'small' database (60 languages) from the installed eld package, as a compact table with eld's own detect().
// `import 'eld/small'` would evaluate its 1.6 MB object literal and keep it for the life of the process; the package's
// exports map hides the files read here, so they are found the way Node looks for a package (node_modules upwards).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseEldNgrams } from './compact-ngrams.ts';
import { createEldDetector, type EldDetector, type EldText } from './eld-detector.ts';

/** The installed eld package's directory. */
export function eldPackageDirectory(): string {
  const lookups = createRequire(import.meta.url).resolve.paths('eld') ?? [];
  const dir = lookups.map((nodeModules) => join(nodeModules, 'eld')).find((d) => existsSync(join(d, 'src/ngrams/small.js')));
  if (dir === undefined) throw new Error(`eld's src/ngrams/small.js not found under ${lookups.join(', ')}`);
  return dir;
}

async function loadEldText(dir: string): Promise<EldText> {
  const load = (file: string) => import(pathToFileURL(join(dir, 'src', file)).href);
  const [{ separators }, { dictionary }, { avgScore }] = await Promise.all([load('regexPatterns.js'), load('dictionary.js'), load('avgScore.js')]);
  return { separators, dictionary, avgScore } as EldText;
}

const dir = eldPackageDirectory();
export const eldSmall: EldDetector = createEldDetector(parseEldNgrams(readFileSync(join(dir, 'src/ngrams/small.js'), 'utf8')), await loadEldText(dir));
