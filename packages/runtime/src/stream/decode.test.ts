import { describe, expect, it } from 'vitest';
import { decode, type Processed } from './decode.ts';
import { map } from './map.ts';
import type { RawRecord } from './message.ts';
import { messageAt, recordingStep } from './recording-step.ts';
import { ok } from './step-result.ts';

const raw = (text: string): RawRecord => ({ topic: 't', partition: 0, offset: 0, key: null, value: Buffer.from(text), timestampMs: 0 });
const codec = { decode: (b: Buffer | null) => { const s = b!.toString(); if (s.startsWith('!')) throw new Error(`cannot decode ${s}`); return s; } };

describe('decode and map', () => {
  it('decode marks an undecodable record invalid with the reason instead of throwing', () => {
    const next = recordingStep<Processed<string>>();
    const step = decode(codec)(next);
    step.submit(messageAt(raw('hello'), 0));
    step.submit(messageAt(raw('!x'), 1));
    expect(next.submitted.map((m) => m.payload.kind === 'ok' ? m.payload.value : `${m.payload.stage}: ${m.payload.error.message}`)).toEqual(['hello', 'decode: cannot decode !x']);
  });

  it('map applies the function, passes invalid records through, and marks a throwing record invalid at stage process', () => {
    const next = recordingStep<Processed<string[]>>();
    const step = map((s: string) => { if (s === 'boom') throw new TypeError('no'); return ok([s, s.toUpperCase()]); })(next);
    const r = raw('');
    step.submit(messageAt<Processed<string>>({ kind: 'ok', raw: r, value: 'a' }, 0));
    step.submit(messageAt<Processed<string>>({ kind: 'ok', raw: r, value: 'boom' }, 1));
    step.submit(messageAt<Processed<string>>({ kind: 'invalid', raw: r, stage: 'decode', error: new Error('bad') }, 2));
    expect(next.submitted.map((m) => m.payload.kind === 'ok' ? m.payload.value : `${m.payload.stage}: ${m.payload.error.message}`)).toEqual([['a', 'A'], 'process: no', 'decode: bad']);
  });

  it('map runs the function once per record when the next step refuses and the record comes again', () => {
    const next = recordingStep<Processed<string[]>>();
    let calls = 0;
    const step = map((s: string) => { calls++; return ok([s]); })(next);
    const message = messageAt<Processed<string>>({ kind: 'ok', raw: raw('a'), value: 'a' }, 0);
    next.rejecting = true;
    expect(() => step.submit(message)).toThrow('step is busy');
    next.rejecting = false;
    step.submit({ ...message });
    expect([calls, next.submitted.length]).toEqual([1, 1]);
  });
});
