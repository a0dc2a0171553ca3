import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { INTENTS, SENTIMENTS } from './vocabulary.ts';

const schema = JSON.parse(readFileSync(new URL('../../../schemas/avro/enriched-mention.avsc', import.meta.url), 'utf8')) as { fields: Array<{ name: string; doc?: string }> };
const doc = (field: string) => schema.fields.find((f) => f.name === field)!.doc!;

it('the intents are the ones the EnrichedMention contract documents', () => {
  expect(doc('intents')).toBe(`Any of ${INTENTS.join(', ')}.`);
});

it('the sentiments (and unknown) are the ones the EnrichedMention contract documents', () => {
  expect(doc('sentiment')).toBe(`${[...SENTIMENTS, 'unknown'].join(' | ')}.`);
});
