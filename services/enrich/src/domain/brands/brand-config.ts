// Reads the brand configuration: brands grouped into competitive sets (the brands whose share
// of voice is compared with each other).
//
//   competitive_sets:
//     airlines:                        # competitive set name
//       united:                        # brand name, unique across all sets
//         handles: [united, unitedhelp]   # the brand's own accounts; '@' optional, any case
//         query: '("united airlines" OR @united OR #unitedairlines) AND NOT "manchester united"'
//       delta:
//         handles: [delta]
//         query: 'delta OR @delta'
//       privacy: anonymize_undirected  # optional, the set's privacy setting (docs/PRIVACY.md); default keep_all
//
// Every brand key shown is required and no other key is allowed; `privacy` is the one reserved key
// of a set (its value is a string, a brand's is a mapping). The query language is described in
// query-parser.ts and term-pattern.ts. Queries are checked when the catalog is compiled
// (compileBrandCatalog), which names the brand and the position in its query.
import { parse as parseYaml } from 'yaml';
import { DEFAULT_SET_PRIVACY, SET_PRIVACY_MODES, type SetPrivacy } from '../privacy/set-privacy.ts';

export interface Brand {
  name: string;
  competitiveSet: string;
  /** Lower case, without '@'. */
  handles: string[];
  query: string;
  /** The competitive set's privacy setting; absent means keep_all. */
  privacy?: SetPrivacy;
}

export class BrandConfigError extends Error {
  override readonly name = 'BrandConfigError';
  readonly retriable = false;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

const BRAND_KEYS = ['handles', 'query'];
const SET_PRIVACY_KEY = 'privacy';
const HANDLE = /^[\p{L}\p{M}\p{N}_]+$/u;

type Mapping = Record<string, unknown>;

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list';
  if (typeof value === 'object') return Object.keys(value).length === 0 ? 'an empty mapping' : 'a mapping';
  if (typeof value === 'string') return `string ${JSON.stringify(value)}`;
  return `${typeof value} ${String(value)}`;
}

function isMapping(value: unknown): value is Mapping {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(path: string, expected: string, value: unknown): never {
  throw new BrandConfigError(`${path}: expected ${expected} but found ${describeValue(value)}`);
}

function requireMapping(path: string, value: unknown, expected: string): Mapping {
  if (!isMapping(value) || Object.keys(value).length === 0) fail(path, expected, value);
  return value;
}

function rejectUnknownKeys(path: string, mapping: Mapping, allowed: string[]): void {
  for (const key of Object.keys(mapping)) {
    if (!allowed.includes(key)) {
      throw new BrandConfigError(`${path}: unknown key ${JSON.stringify(key)} (allowed: ${allowed.join(', ')})`);
    }
  }
}

function readHandles(path: string, value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0) fail(path, 'a non-empty list of handles', value);
  return value.map((item: unknown, i) => {
    const handle = typeof item === 'string' ? item.trim().replace(/^@/, '').normalize('NFC').toLowerCase() : '';
    if (!HANDLE.test(handle)) fail(`${path}[${i}]`, "a handle of letters, digits or '_'", item);
    return handle;
  });
}

function readQuery(path: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') fail(path, 'a non-empty query string', value);
  return value;
}

function readSetPrivacy(path: string, value: unknown): SetPrivacy {
  if (value === undefined) return DEFAULT_SET_PRIVACY;
  if (typeof value !== 'string' || !(SET_PRIVACY_MODES as readonly string[]).includes(value)) fail(path, `one of ${SET_PRIVACY_MODES.join(', ')}`, value);
  return value as SetPrivacy;
}

/** Parses and validates the YAML; throws BrandConfigError naming the path of the first problem. */
export function parseBrandConfig(yamlText: string): Brand[] {
  let root: unknown;
  try {
    root = parseYaml(yamlText);
  } catch (err) {
    throw new BrandConfigError(`brand config is not valid YAML: ${(err as Error).message}`, { cause: err });
  }
  const config = requireMapping('brand config', root, 'a mapping with key "competitive_sets"');
  rejectUnknownKeys('brand config', config, ['competitive_sets']);
  const sets = requireMapping('competitive_sets', config['competitive_sets'], 'a mapping of competitive sets');

  const brands: Brand[] = [];
  const pathOfBrand = new Map<string, string>();
  for (const [setName, setValue] of Object.entries(sets)) {
    const setPath = `competitive_sets.${setName}`;
    if (setName.trim() === '') fail(setPath, 'a competitive set name', setName);
    const members = requireMapping(setPath, setValue, 'a mapping of brands');
    const privacy = readSetPrivacy(`${setPath}.${SET_PRIVACY_KEY}`, members[SET_PRIVACY_KEY]);
    const brandEntries = Object.entries(members).filter(([name]) => name !== SET_PRIVACY_KEY);
    if (brandEntries.length === 0) fail(setPath, 'a mapping of brands', {});
    for (const [name, spec] of brandEntries) {
      const path = `${setPath}.${name}`;
      if (name.trim() === '') fail(path, 'a brand name', name);
      const earlier = pathOfBrand.get(name);
      if (earlier !== undefined) {
        throw new BrandConfigError(`${path}: duplicate brand name ${JSON.stringify(name)} (also ${earlier})`);
      }
      pathOfBrand.set(name, path);
      const fields = requireMapping(path, spec, 'a mapping with keys handles, query');
      rejectUnknownKeys(path, fields, BRAND_KEYS);
      brands.push({
        name,
        competitiveSet: setName,
        handles: readHandles(`${path}.handles`, fields['handles']),
        query: readQuery(`${path}.query`, fields['query']),
        ...(privacy === DEFAULT_SET_PRIVACY ? {} : { privacy }),
      });
    }
  }
  return brands;
}
