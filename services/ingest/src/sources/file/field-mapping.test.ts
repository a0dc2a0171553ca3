import { describe, expect, it } from 'vitest';
import { applyFieldMapping, mappedColumns, mappingFromHeader, parseFieldMapping, type FieldMapping } from './field-mapping.ts';

function mappingOf(spec: string): FieldMapping {
  const result = parseFieldMapping(spec);
  if (!result.ok) throw new Error(result.reason);
  return result.mapping;
}

describe('parseFieldMapping', () => {
  it('reads target=column entries and target=:constant entries', () => {
    expect(parseFieldMapping(' text=text, created_at=tweet_created ,author.handle=name,source=:twitter,attributes.label=airline_sentiment')).toEqual({
      ok: true,
      mapping: [
        { target: 'text', column: 'text' },
        { target: 'created_at', column: 'tweet_created' },
        { target: 'author.handle', column: 'name' },
        { target: 'source', constant: 'twitter' },
        { target: 'attributes.label', column: 'airline_sentiment' },
      ],
    });
  });

  it('keeps everything after the first = and the : as the column or constant', () => {
    expect(mappingOf('lang=:en-US,url=:https://x.io/?a=b')).toEqual([
      { target: 'lang', constant: 'en-US' },
      { target: 'url', constant: 'https://x.io/?a=b' },
    ]);
  });

  it('names the bad entry', () => {
    expect(parseFieldMapping('text=text,textt=body')).toEqual({
      ok: false,
      reason:
        'mapping entry "textt=body": unknown target "textt"; targets are source, source_id, created_at, text, author.handle, author.id, author.name, author.followers, in_reply_to, in_reply_to_id, lang, url, reposts, attributes.<key>',
    });
    expect(parseFieldMapping('text')).toEqual({ ok: false, reason: 'mapping entry "text": expected target=column or target=:constant' });
    expect(parseFieldMapping('=text')).toEqual({ ok: false, reason: 'mapping entry "=text": expected target=column or target=:constant' });
    expect(parseFieldMapping('text= ')).toEqual({ ok: false, reason: 'mapping entry "text=": column name is empty' });
    expect(parseFieldMapping('text=a,text=b')).toEqual({ ok: false, reason: 'mapping entry "text=b": target "text" is mapped twice' });
    expect(parseFieldMapping('text=a,,lang=b')).toEqual({ ok: false, reason: 'mapping entry 2 of 3 is empty' });
    expect(parseFieldMapping('author=name').ok).toBe(false);
    expect(parseFieldMapping('attributes.=x').ok).toBe(false);
  });
});

describe('mappingFromHeader', () => {
  it('maps a header whose columns are all targets onto themselves', () => {
    expect(mappingFromHeader(['text', 'author.handle'])).toEqual({
      ok: true,
      mapping: [
        { target: 'text', column: 'text' },
        { target: 'author.handle', column: 'author.handle' },
      ],
    });
  });

  it('names the columns that are not targets', () => {
    expect(mappingFromHeader(['text', 'tweet_id', 'name'])).toEqual({
      ok: false,
      reason: 'columns "tweet_id", "name" are not mention fields; give a mapping such as "text=text,author.handle=name"',
    });
  });
});

describe('applyFieldMapping', () => {
  const mapping = mappingOf('source=:twitter,source_id=tweet_id,text=text,author.handle=name,author.followers=user.followers,attributes.a.b=tweet_id');

  it('builds the nested input object from a record', () => {
    expect(applyFieldMapping(mapping, { tweet_id: '57', text: 'hi', name: 'jo', extra: 'x', user: { followers: 4 } })).toEqual({
      source: 'twitter',
      source_id: '57',
      text: 'hi',
      author: { handle: 'jo', followers: 4 },
      attributes: { 'a.b': '57' },
    });
  });

  it('prefers a key with a dot over walking into objects', () => {
    expect(applyFieldMapping(mappingOf('text=user.text'), { 'user.text': 'flat', user: { text: 'nested' } })).toEqual({ text: 'flat' });
  });

  it('leaves out targets whose column is missing', () => {
    expect(applyFieldMapping(mapping, { text: 'hi' })).toEqual({ source: 'twitter', text: 'hi' });
  });

  it('lists the columns a mapping reads', () => {
    expect(mappedColumns(mapping)).toEqual(['tweet_id', 'text', 'name', 'user.followers', 'tweet_id']);
  });
});
