import { describe, expect, it } from 'vitest';
import { detectLanguage, normalizeLanguageHint } from './language.ts';
import { tokenize } from './tokenize.ts';

const lang = (text: string, hint?: string | null): string => detectLanguage(tokenize(text), hint);

describe('detectLanguage', () => {
  it('takes short English tweets full of handles, links and hashtags as English', () => {
    expect(lang('@united @SFOairport thx!! #travel #delays http://t.co/aBc123')).toBe('en');
    expect(lang('@AmericanAir worst. airline. ever. #AAfail')).toBe('en');
    expect(lang('@JetBlue rude rude')).toBe('en');
    expect(lang('@SouthwestAir my bag never showed up in Fort Lauderdale')).toBe('en');
  });

  it('names other languages', () => {
    expect(lang('Mi vuelo fue cancelado y nadie me responde, qué vergüenza')).toBe('es');
    expect(lang('Mein Koffer ist verloren gegangen und niemand hilft mir')).toBe('de');
    expect(lang('Merci beaucoup pour votre aide rapide !')).toBe('fr');
    expect(lang('Мой рейс задержали на три часа')).toBe('ru');
  });

  it('says unknown for short text with no English word that the detector is unsure of', () => {
    expect(lang('@JetBlue Gerne :)')).toBe('unknown');
  });

  it('says unknown for text without words', () => {
    expect(lang('@united 😡😡 http://t.co/x')).toBe('unknown');
    expect(lang('')).toBe('unknown');
  });

  it('follows a language hint, reduced to its ISO 639-1 code', () => {
    expect(lang('thanks for the help', 'es')).toBe('es');
    expect(lang('Merci beaucoup pour votre aide', 'en-GB')).toBe('en');
    expect(lang('thanks for the help', 'und')).toBe('en');
  });
});

describe('normalizeLanguageHint', () => {
  it('keeps the primary subtag and drops hints that say nothing', () => {
    expect(normalizeLanguageHint('pt-BR')).toBe('pt');
    expect(normalizeLanguageHint('in')).toBe('id');
    expect(normalizeLanguageHint('fil')).toBe('tl');
    expect(normalizeLanguageHint('und')).toBeNull();
    expect(normalizeLanguageHint('qme')).toBeNull();
    expect(normalizeLanguageHint('')).toBeNull();
    expect(normalizeLanguageHint(null)).toBeNull();
    expect(normalizeLanguageHint('klingon')).toBeNull();
  });
});
