import type { Family, LanguageBook, Phrase } from './phrasebook.ts';
import { GERMAN } from './phrases-de.ts';
import { ENGLISH } from './phrases-en.ts';
import { SPANISH } from './phrases-es.ts';
import { FRENCH } from './phrases-fr.ts';
import { PORTUGUESE } from './phrases-pt.ts';
import type { Language, Sector } from './types.ts';

export const PHRASEBOOK: Readonly<Record<Language, LanguageBook>> = { en: ENGLISH, es: SPANISH, fr: FRENCH, de: GERMAN, pt: PORTUGUESE };

const cache = new Map<string, readonly Phrase[]>();

/** The templates of a family that suit a sector, in one language; empty when the language has none. */
export function phrasesFor(lang: Language, family: Family, sector: Sector): readonly Phrase[] {
  const key = `${lang}|${family}|${sector}`;
  let found = cache.get(key);
  if (found === undefined) {
    found = PHRASEBOOK[lang].phrases.filter((p) => p.family === family && (p.sectors === undefined || p.sectors.includes(sector)));
    cache.set(key, found);
  }
  return found;
}
