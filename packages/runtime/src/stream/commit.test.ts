import { describe, expect, it } from 'vitest';
import { createLogger } from '../telemetry/logger.ts';
import { commitOffsets } from './commit.ts';
import { messageAt } from './recording-step.ts';

const log = createLogger('test', 'silent');
const settle = () => new Promise((r) => setTimeout(r, 0));

function setup(fail: number[] = []) {
  const commits: string[] = [];
  let call = 0;
  const step = commitOffsets({
    log,
    retryAfterMs: 100,
    commit: async (offsets) => {
      const n = call++;
      commits.push(offsets.map((o) => `${o.topic}:${o.partition}@${o.offset}`).join(' '));
      if (fail.includes(n)) throw new Error('coordinator moved');
    },
  });
  return { step, commits };
}

describe('commit', () => {
  it('commits on poll, per partition the highest offset that reached it, and never moves one back', async () => {
    const { step, commits } = setup();
    step.submit(messageAt(null, 4, 0));
    step.submit(messageAt(null, 9, 0));
    step.submit(messageAt(null, 2, 1));
    expect(commits).toEqual([]);
    step.poll(0);
    await settle();
    step.submit(messageAt(null, 7, 0));
    step.submit(messageAt(null, 3, 1));
    step.poll(1);
    await settle();
    expect(commits).toEqual(['t:0@10 t:1@3', 't:1@4']);
  });

  it('tries a failed commit again after a pause, with what arrived meanwhile', async () => {
    const { step, commits } = setup([0]);
    step.submit(messageAt(null, 1, 0));
    step.poll(0);
    await settle();
    step.submit(messageAt(null, 5, 0));
    step.poll(50);
    await settle();
    step.poll(100);
    await settle();
    expect(commits).toEqual(['t:0@2', 't:0@6']);
  });

  it('drops the offsets of a revoked partition', async () => {
    const { step, commits } = setup();
    step.submit(messageAt(null, 1, 0));
    step.submit(messageAt(null, 1, 1));
    step.onRevoked([{ topic: 't', partition: 0 }]);
    step.poll(0);
    await settle();
    expect(commits).toEqual(['t:1@2']);
  });

  it('on join commits what is pending', async () => {
    const { step, commits } = setup();
    step.submit(messageAt(null, 41, 2));
    await step.join(() => 0);
    expect(commits).toEqual(['t:2@42']);
  });
});
