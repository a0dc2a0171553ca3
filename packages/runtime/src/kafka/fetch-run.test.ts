// The run of answered fetches the window step counts idle time in (ChainContext.fetching).
import { describe, expect, it } from 'vitest';
import { createFetchRun } from './consumer-driver.ts';

describe('fetch run', () => {
  it('confirms a fetch when its node starts the next one; a failed or paused fetch starts a new run', () => {
    const f = createFetchRun();
    f.started(1, 0, false);
    expect(f.run).toEqual({ since: 0, until: 0 });
    f.answered(1, false);
    f.started(1, 100, false);
    expect(f.run).toEqual({ since: 0, until: 0 });
    f.answered(1, false);
    f.started(1, 200, false);
    expect(f.run).toEqual({ since: 0, until: 100 });
    // the fetch started at 200 is not answered (Kafka out of reach): nothing moves, the run is broken
    f.started(1, 5000, false);
    expect(f.run).toEqual({ since: 0, until: 100 });
    f.answered(1, false);
    f.started(1, 5100, false);
    expect(f.run).toEqual({ since: 5000, until: 5000 });
    // a partition paused during a fetch: that fetch confirms nothing, and the next run starts after it
    f.answered(1, true);
    f.started(1, 5200, false);
    expect(f.run).toEqual({ since: 5000, until: 5000 });
    f.answered(1, false);
    f.started(1, 5300, false);
    expect(f.run).toEqual({ since: 5200, until: 5200 });
  });

  it('runs as far as the slowest node that still fetches', () => {
    const f = createFetchRun();
    for (const node of [1, 2]) f.started(node, 0, false);
    for (const node of [1, 2]) f.answered(node, false);
    f.started(1, 100, false);
    f.answered(1, false);
    f.started(1, 200, false);
    expect(f.run).toEqual({ since: 0, until: 0 }); // node 2 has confirmed nothing yet
    f.started(2, 250, false); // node 2's fetch from 0 is through
    expect(f.run).toEqual({ since: 0, until: 0 });
    f.answered(2, false);
    f.started(2, 300, false);
    expect(f.run).toEqual({ since: 0, until: 100 });
    // node 2 stops fetching (no partition of ours any more): after a minute it no longer holds the run back
    f.answered(1, false);
    f.started(1, 70_000, false);
    expect(f.run).toEqual({ since: 0, until: 200 });
  });
});
