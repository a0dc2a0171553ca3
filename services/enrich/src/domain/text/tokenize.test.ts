import { describe, expect, it } from 'vitest';
import { tokenize } from './tokenize.ts';

const kinds = (text: string): string[] => tokenize(text).map((t) => `${t.kind}:${t.norm}`);

describe('tokenize', () => {
  it('tells handles, links, hashtags, words, numbers and punctuation apart', () => {
    expect(kinds('@Delta my bag is LOST!!! http://t.co/x1 #fail 3 hours?')).toEqual([
      'handle:@delta',
      'word:my',
      'word:bag',
      'word:is',
      'word:lost',
      'punct:!!!',
      'url:http://t.co/x1',
      'hashtag:#fail',
      'number:3',
      'word:hours',
      'punct:?',
    ]);
  });

  it('keeps apostrophes inside words and straightens curly ones', () => {
    expect(kinds('don’t can\'t')).toEqual(["word:don't", "word:can't"]);
  });

  it('marks capitals and elongation', () => {
    const [caps, plain, long] = tokenize('GREAT great sooooo');
    expect(caps).toMatchObject({ caps: true, elongated: false, norm: 'great' });
    expect(plain).toMatchObject({ caps: false });
    expect(long).toMatchObject({ elongated: true, norm: 'soo', squeezed: 'so' });
  });

  it('finds emoji with their modifiers and emoticons only where faces stand', () => {
    expect(kinds('love it ❤️ 👍🏽 :) <3 at 10:30 xD')).toEqual([
      'word:love',
      'word:it',
      'emoji:❤️',
      'emoji:👍🏽',
      'emoticon::)',
      'emoticon:<3',
      'word:at',
      'number:10:30',
      'emoticon:xD',
    ]);
  });

  it('decodes HTML entities and keeps prices, percentages and ratings whole', () => {
    expect(kinds('R&amp;D &lt;3 $20 50% 10/10')).toEqual(['word:r', 'word:d', 'emoticon:<3', 'number:$20', 'number:50%', 'number:10/10']);
  });
});
