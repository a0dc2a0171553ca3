import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { readCurrentSchemas, renderTypes } from './gen-avro-types.ts';

it('the committed TypeScript types are generated from the current schemas (pnpm gen:types)', () => {
  const committed = readFileSync(new URL('../packages/runtime/src/avro/types.generated.ts', import.meta.url), 'utf8');
  expect(committed).toBe(renderTypes(readCurrentSchemas()));
});
