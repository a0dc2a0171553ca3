import { describe, expect, it } from 'vitest';
import type { Brand } from './brand-config.ts';
import { needsResponse, relateToBrand, type MentionAddressing } from './brand-relation.ts';

const united: Brand = {
  name: 'united',
  competitiveSet: 'airlines',
  handles: ['united', 'unitedhelp'],
  query: 'united OR @united',
};

const mention = (fields: Partial<MentionAddressing>): MentionAddressing => ({
  handles: [],
  inReplyTo: null,
  authorHandle: 'traveller',
  ...fields,
});

describe('relateToBrand', () => {
  it.each([
    ['tags a brand handle', mention({ handles: ['friend', 'unitedhelp'] }), { directedAtBrand: true, owned: false }],
    ['replies to the brand', mention({ inReplyTo: 'united' }), { directedAtBrand: true, owned: false }],
    [
      'compares handles in any case, with or without @',
      mention({ handles: ['@United'] }),
      { directedAtBrand: true, owned: false },
    ],
    ['vents without tagging the brand', mention({}), { directedAtBrand: false, owned: false }],
    ['tags a look-alike handle', mention({ handles: ['unitedairlinesfan'] }), { directedAtBrand: false, owned: false }],
    [
      'replies to someone else',
      mention({ inReplyTo: 'friend', handles: ['friend'] }),
      { directedAtBrand: false, owned: false },
    ],
    ['is posted by the brand', mention({ authorHandle: 'UnitedHelp' }), { directedAtBrand: false, owned: true }],
    [
      'is the brand replying to itself',
      mention({ authorHandle: 'unitedhelp', inReplyTo: 'united' }),
      { directedAtBrand: true, owned: true },
    ],
    ['has no known author', mention({ authorHandle: null }), { directedAtBrand: false, owned: false }],
  ])('%s', (_, input, expected) => {
    expect(relateToBrand(input, united)).toEqual(expected);
  });
});

describe('needsResponse', () => {
  it.each([
    [['complaint'], true, false, true],
    [['question'], true, false, true],
    [['praise', 'question'], true, false, true],
    [['complaint'], false, false, false],
    [['question'], false, false, false],
    [['complaint'], true, true, false],
    [['praise'], true, false, false],
    [['promotional', 'purchase_intent'], true, false, false],
    [[], true, false, false],
  ])('intents %j, directed %s, owned %s → %s', (intents, directed, owned, expected) => {
    expect(needsResponse(intents, directed, owned)).toBe(expected);
  });
});
