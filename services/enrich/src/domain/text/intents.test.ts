import { describe, expect, it } from 'vitest';
import { detectIntents, INTENTS, isIntent, patternText, type Intent } from './intents.ts';
import { scoreSentiment } from './sentiment.ts';
import { tokenize } from './tokenize.ts';

const intentsOf = (text: string): Intent[] => {
  const tokens = tokenize(text);
  return detectIntents(tokens, scoreSentiment(tokens));
};

const EXAMPLES: Record<Intent, { yes: readonly string[]; no: readonly string[] }> = {
  complaint: {
    yes: [
      '@Acme my order still has not arrived and nobody replies',
      'the app keeps crashing every time I open it',
      'charged me twice for the same ticket',
      'where is my refund? it has been three weeks',
      'wrong size delivered, again',
    ],
    no: ['thanks for the quick reply!', 'what time does the store open on sunday?', 'just landed in Denver'],
  },
  question: {
    yes: ['what time does the store open on sunday?', 'is there wifi on flight 212', 'anyone know if the sale is still on', 'can you tell me where my gate is'],
    no: ['the store opens at nine', 'would be nice if the app had a dark mode', 'such a great flight.'],
  },
  praise: {
    yes: ['thanks for the quick help today!', 'love the new update', 'great job on the redesign @Acme', 'you guys are the best'],
    no: ['thanks for nothing', 'love how my flight got cancelled again, worst airline', 'what time do you open?'],
  },
  recommendation: {
    yes: ['highly recommend their new plan', 'you should try the new burger at @Acme', '10/10 would fly again', "can't recommend them enough"],
    no: ['would you recommend the pro or the air?', 'I would not recommend this hotel', 'can anyone recommend a good phone plan', 'great flight today'],
  },
  purchase_intent: {
    yes: ['thinking of buying the new phone', 'where can I get the limited edition?', 'is it worth it?', 'need a new laptop, which one should I get', 'take my money!'],
    no: ['I bought it last week and it broke', 'I want to get a refund', 'never buying from you again', 'I need to get home tonight'],
  },
  churn_risk: {
    yes: ['switching to another bank next month', 'cancel my subscription now', 'never flying with @Acme again', 'this is the last time I order from you', 'done with you, taking my business elsewhere'],
    no: ['can I switch to an earlier flight?', 'my flight got cancelled', 'I will fly with you again for sure'],
  },
  feature_request: {
    yes: ['please add a dark mode', 'wish you had a family plan', 'would be nice if I could pick my seat in the app', 'bring back the old menu!', 'any plans to add apple pay?'],
    no: ['please add me to the waiting list', 'I wish I had never bought this', 'the new dark mode is great'],
  },
  promotional: {
    yes: ['GIVEAWAY! Follow & RT to win a free phone', 'use code SAVE20 for 20% off everything', 'click the link in bio to shop now', 'limited time offer, free shipping on all orders #sale'],
    no: ['the promo code you sent me does not work', 'got upgraded to first class today!', 'is the sale still on?'],
  },
};

describe('complaint, as the complaint paper defines it (a breach of expectations about a product or service)', () => {
  const complaint = (text: string): boolean => intentsOf(text).includes('complaint');

  it('finds plain reports of a problem, without unhappy words', () => {
    expect(complaint('@Acme the checkout page is down again')).toBe(true);
    expect(complaint('@Acme having a weird issue with my account since the update')).toBe(true);
    expect(complaint('my parcel should have arrived on friday @Acme')).toBe(true);
    expect(complaint("@Acme you still haven't resolved my ticket")).toBe(true);
    expect(complaint('@Acme no wifi on the whole train today')).toBe(true);
  });

  it('finds complaints asked as questions', () => {
    expect(complaint('@Acme why is my bill twice what it was last month?')).toBe(true);
    expect(complaint('@Acme how come nobody has called me back')).toBe(true);
    expect(complaint('@Acme the app logs me out every hour, what gives')).toBe(true);
  });

  it('does not take venting aimed at nobody for a complaint', () => {
    expect(complaint('I hate mondays so much')).toBe(false);
    expect(complaint('so tired and sad today, what a terrible week')).toBe(false);
    expect(complaint('@Acme this week has been terrible, your support team let me down')).toBe(true);
  });

  it('does not take a plain question for a complaint', () => {
    expect(complaint('@Acme what time does the store open tomorrow?')).toBe(false);
    expect(complaint('@Acme is the new phone down to 300 in the sale?')).toBe(false);
  });
});

describe('detectIntents', () => {
  for (const intent of INTENTS) {
    it(`finds ${intent}`, () => {
      for (const text of EXAMPLES[intent].yes) expect(intentsOf(text), text).toContain(intent);
    });
    it(`does not find ${intent} where there is none`, () => {
      for (const text of EXAMPLES[intent].no) expect(intentsOf(text), text).not.toContain(intent);
    });
  }

  it('finds several intents in one mention, in the order of INTENTS', () => {
    expect(intentsOf('why is my order late again?? never buying from you again')).toEqual(['complaint', 'question', 'churn_risk']);
  });

  it('finds none in plain statements', () => {
    expect(intentsOf('on my way to the airport')).toEqual([]);
  });
});

describe('patternText', () => {
  it('lowercases, spaces tokens and stands in for handles and links', () => {
    expect(patternText(tokenize("@Delta my bag's LOST!! http://t.co/x 😡"))).toBe(" @user my bag's lost !! url ");
  });
});

describe('isIntent', () => {
  it('knows the intents', () => {
    expect(isIntent('churn_risk')).toBe(true);
    expect(isIntent('sentiment')).toBe(false);
  });
});
