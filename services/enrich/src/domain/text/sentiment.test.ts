import { describe, expect, it } from 'vitest';
import { hashtagValence, scoreSentiment, type LexiconSentiment } from './sentiment.ts';
import { tokenize } from './tokenize.ts';

const score = (text: string): LexiconSentiment => scoreSentiment(tokenize(text));
const label = (text: string): string => score(text).label;

describe('scoreSentiment', () => {
  it('turns a negated positive word negative', () => {
    expect(label('the food was not good')).toBe('negative');
    expect(label("the agent wasn't helpful")).toBe('negative');
    expect(label('never friendly, never on time')).toBe('negative');
  });

  it('keeps a negated negative word from being negative', () => {
    expect(label('the food was not bad')).not.toBe('negative');
    expect(score('the food was not bad').score).toBeGreaterThan(0);
    expect(label('not bad at all')).toBe('positive');
  });

  it('ends a negation at punctuation and after a few words', () => {
    expect(label('no, the crew was great')).toBe('positive');
    expect(label('not that I expected much from a budget airline, but the crew was great')).toBe('positive');
  });

  it('makes a negated service verb a failure', () => {
    expect(label('my package never arrived')).toBe('negative');
    expect(label("the app doesn't work")).toBe('negative');
    expect(label('the app works')).toBe('neutral');
  });

  it('weighs the clause after "but" over the one before', () => {
    // Decided: the delay outweighs the crew, so negative rather than mixed.
    expect(label('the crew was lovely but the flight was delayed 3 hours')).toBe('negative');
    expect(label('the flight was delayed but the crew was lovely and made it fun')).toBe('positive');
  });

  it('reads praise said as a fragment right after a problem as sarcasm', () => {
    expect(label('they lost my bag. Awesome!')).toBe('negative');
    expect(label('waited on hold for an hour... perfect')).toBe('negative');
    expect(label('the crew was great. Awesome!')).toBe('positive');
    expect(label('Awesome! the new lounge opens today')).toBe('positive');
  });

  it('counts praise of what the brand does not do, wished for, as nothing', () => {
    expect(label('a blanket would be nice')).toBe('neutral');
    expect(label("it'd be great if the app loaded")).toBe('neutral');
    expect(label('I wish the staff were friendly')).not.toBe('positive');
    expect(label('I would recommend this shop')).toBe('positive');
    expect(label('great service, we would happily come back')).toBe('positive');
  });

  it('knows what a customer left waiting says', () => {
    expect(label('my refund has yet to show up')).toBe('negative');
    expect(label('you owe me a new suitcase')).toBe('negative');
    expect(label('hello? anyone there?')).toBe('negative');
    expect(label('yet another new route announced today')).toBe('neutral');
  });

  it('calls strong feelings both ways mixed', () => {
    expect(label('love the new seats, hate the wifi')).toBe('mixed');
    expect(label('thanks, but my flight is still delayed')).toBe('negative');
  });

  it('reads emoji and emoticons', () => {
    expect(label('😡')).toBe('negative');
    expect(label('😍')).toBe('positive');
    expect(label('on my way :)')).toBe('positive');
    expect(label('missed it :(')).toBe('negative');
    expect(label('👍🏽')).toBe('positive');
  });

  it('gives capitals and elongation more weight', () => {
    expect(score('the service was GOOD').score).toBeGreaterThan(score('the service was good').score);
    expect(score('the service was goooood').score).toBeGreaterThan(score('the service was good').score);
    expect(score('the service was sooo good').score).toBeGreaterThan(score('the service was so good').score);
    expect(score('this is TERRIBLE').score).toBeLessThan(score('this is terrible').score);
  });

  it('does not take an all-caps text as emphasis of every word', () => {
    expect(score('THE SERVICE WAS GOOD').score).toBeCloseTo(score('the service was good').score, 10);
  });

  it('knows the vocabulary of customer service', () => {
    expect(label('been on hold for an hour')).toBe('negative');
    expect(label('still waiting for my refund')).toBe('negative');
    expect(label('you lost my bag')).toBe('negative');
    expect(label('no one answers the phone')).toBe('negative');
    expect(label('my flight got cancelled')).toBe('negative');
    expect(label('thanks for the help')).toBe('positive');
    expect(label('thanks for nothing')).toBe('negative');
    expect(label('I will never fly with you again')).toBe('negative');
  });

  it('leaves questions and requests neutral', () => {
    expect(label('can I change my seat online?')).toBe('neutral');
    expect(label('please help me with my booking, I need to rebook to tomorrow')).toBe('neutral');
    expect(label('do you have wifi on flight 123?')).toBe('neutral');
  });

  it('reads factual problem reports as negative', () => {
    expect(label('sat three hours at the gate before they told us anything')).toBe('negative');
    expect(label('landed and there was no wifi and no food the whole way')).toBe('negative');
    expect(label('arrived in Paris without my luggage')).toBe('negative');
    expect(label('they changed my seat to the last row')).toBe('negative');
    expect(label('we are still on the tarmac')).toBe('negative');
    expect(label('had to pay for a hotel myself')).toBe('negative');
    expect(label('couldn\'t find my reservation at the desk')).toBe('negative');
    expect(label('the website is down again')).toBe('negative');
    expect(label('we arrived at the hotel this morning')).toBe('neutral');
  });

  it('does not take the negation of a wish for a failure', () => {
    expect(label("I don't want to check a bag, can I carry it on?")).toBe('neutral');
    expect(label("didn't check my bag at the desk")).toBe('negative');
  });

  it('reads "couldn\'t be more" as emphasis, not negation', () => {
    expect(label("the staff couldn't be more useless")).toBe('negative');
    expect(label("the staff couldn't be more helpful")).toBe('positive');
  });

  it('reads thanks that closes a question or a request as politeness', () => {
    expect(label('what gate does the 6pm flight leave from? thanks')).toBe('neutral');
    expect(label('please send me the form, thank you')).toBe('neutral');
    expect(label('ok thanks')).toBe('neutral');
    expect(label('thanks for sorting out my booking so fast!')).toBe('positive');
    expect(label('thank you for resolving the issue')).toBe('positive');
  });

  it('reads a question that asks about a problem as neutral, one that accuses as negative', () => {
    expect(label('is flight 88 to Denver delayed?')).toBe('neutral');
    expect(label('if my flight is cancelled, do I get a refund?')).toBe('neutral');
    expect(label('any delays expected tomorrow morning?')).toBe('neutral');
    expect(label('why is my flight delayed again?')).toBe('negative');
    expect(label("why can't anyone at the desk answer a simple question?")).toBe('negative');
    expect(label('how could you lose a bag on a direct flight?')).toBe('negative');
  });

  it('scores slang, hashtags and ratings', () => {
    expect(label('ugh smh')).toBe('negative');
    expect(label('yay!!')).toBe('positive');
    expect(label('worst customer service #fail')).toBe('negative');
    expect(label('10/10 would fly again')).toBe('positive');
    expect(label('2/10 awful food')).toBe('negative');
  });

  it('keeps the score within [-1, 1] and 0 for text without feeling', () => {
    expect(score('flight 212 to Boston').score).toBe(0);
    expect(score('worst worst worst horrible awful terrible disgusting 😡😡😡 !!!!').score).toBeGreaterThanOrEqual(-1);
    expect(score('best best amazing awesome wonderful 😍😍😍 !!!!').score).toBeLessThanOrEqual(1);
  });
});

describe('hashtagValence', () => {
  it('scores a hashtag as a word, a phrase, or the polar word it starts or ends with', () => {
    expect(hashtagValence('#fail')).toBeLessThan(0);
    expect(hashtagValence('#neveragain')).toBeLessThan(0);
    expect(hashtagValence('#unitedfail')).toBeLessThan(0);
    expect(hashtagValence('#loveflying')).toBeGreaterThan(0);
    expect(hashtagValence('#travel')).toBeUndefined();
  });
});
