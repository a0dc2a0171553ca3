import { expect, it } from 'vitest';
import { extractEntities } from './text-entities.ts';

it('takes handles without the sign, lower-cased, unique, in order', () => {
  expect(extractEntities('@United thanks! cc @delta @UNITED .@JetBlue and @jet_blue2').handles).toEqual(['united', 'delta', 'jetblue', 'jet_blue2']);
});

it('does not take e-mail addresses, @ inside words or handles inside URLs', () => {
  expect(extractEntities('mail me at jane@example.com or a@b; see https://medium.com/@writer/post').handles).toEqual([]);
});

it('stops a handle at punctuation and apostrophes', () => {
  expect(extractEntities("@united's app, (@AmericanAir) @southwestair.").handles).toEqual(['united', 'americanair', 'southwestair']);
});

it('takes Unicode hashtags and handles', () => {
  expect(extractEntities('#Café #ÜberFlug #日本 @Müller_Reisen ＃Ｆｕｌｌ').hashtags).toEqual(['café', 'überflug', '日本', 'ｆｕｌｌ']);
  expect(extractEntities('@Müller_Reisen').handles).toEqual(['müller_reisen']);
});

it('does not take numbers, HTML entities or URL fragments as hashtags', () => {
  expect(extractEntities('gate #12 is &#39;closed&#39; see https://x.com/page#Section #1st').hashtags).toEqual(['1st']);
});

it('takes http(s) URLs without trailing sentence punctuation, lower-casing only scheme and host', () => {
  expect(extractEntities('see HTTPS://T.co/AbC12. and (http://Example.com/a_(b)) or https://t.co/x?y=1&z=2!').urls).toEqual([
    'https://t.co/AbC12',
    'http://example.com/a_(b)',
    'https://t.co/x?y=1&z=2',
  ]);
});

it('removes duplicate URLs and ignores other schemes', () => {
  expect(extractEntities('https://a.io/x https://A.io/x ftp://a.io/y').urls).toEqual(['https://a.io/x']);
});

it('returns empty lists for plain text', () => {
  expect(extractEntities('nothing to see')).toEqual({ handles: [], hashtags: [], urls: [] });
});
