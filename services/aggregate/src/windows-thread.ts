// The windows thread (AGGREGATE_WINDOWS_THREAD=worker): decode → dead-letter policy → windows run
// here, on their own core, while the main thread fetches from Kafka and writes what this thread
// emits. The protocol is in windows-in-worker.ts; this side keeps the steps' state.
import { parentPort, workerData } from 'node:worker_threads';
import {
  chain, codecs, deadLetterPolicy, decode, flushCompileCache, MessageRejected, OneOffset, partitionKey, useSchemaRegistry,
  type Batch, type FetchRun, type Message, type ProcessingStep, type RawRecord, type Rollup,
} from '@mentions/runtime/worker';
import { WINDOW_FIELDS, type WindowEvent } from './domain/window-counts.ts';
import { createMetricsRelay } from './metrics-relay.ts';
import { unpackRecords } from './record-transfer.ts';
import { windows } from './window-step.ts';
import type { ToWindows, WindowsThreadData } from './windows-in-worker.ts';

const port = parentPort!;
const data = workerData as WindowsThreadData;
await useSchemaRegistry(data.registry, data.topics);

const relay = createMetricsRelay();
let fetching: FetchRun = { since: -Infinity, until: -Infinity };
let lastNow = Date.now();
let lastNowAt = performance.now();
const clock = () => lastNow + Math.floor(performance.now() - lastNowAt);
/** Revocations seen (the main thread's count): an emission says which ones it already reflects. */
let revocations = 0;
/** The main thread takes one emission at a time: the next waits in the windows step, as it would before a busy writer. */
let emissionOutstanding = false;

const toMain: ProcessingStep<Batch<Rollup>> = {
  submit(message) {
    if (emissionOutstanding) throw new MessageRejected('the main thread has not taken the last emission yet');
    emissionOutstanding = true;
    port.postMessage({ t: 'emission', message, revocations });
  },
  poll() {},
  onAssigned() {},
  onRevoked() {},
  join: async () => {},
};

const head = chain(
  decode(codecs.enrichedMention.project(WINDOW_FIELDS)),
  deadLetterPolicy<WindowEvent>({ service: 'aggregate', maxConsecutive: data.maxConsecutiveDeadLetters, metrics: relay.metrics(['deadLetters', 'processingErrors']), clock }),
  windows({
    rules: data.rules, emitMs: data.emitMs, maxOpenWindows: data.maxOpenWindows, maxIds: data.maxIds, maxHeldDeadLetters: data.maxHeldDeadLetters, fetching: () => fetching,
    metrics: relay.metrics(['openWindows', 'windowIdsHeld', 'windowBoundHits', 'oldestHeldOffsetAge', 'lateEventsCounted', 'lateEventsDropped', 'windowDuplicates', 'rollupsEmitted', 'deadLettersHeld', 'deadLettersReleasedEarly']),
  }),
  toMain,
);

// Records the chain rejected (a schema the registry is still fetching), in order; they go first.
let waiting: Array<Message<RawRecord>> = [];
let settled = 0;
const settledShared = new Int32Array(data.settled ?? new SharedArrayBuffer(4));
function settle(n: number): void {
  if (n === 0) return;
  settled = (settled + n) | 0;
  Atomics.store(settledShared, 0, settled);
  Atomics.notify(settledShared, 0);
}

function drain(): void {
  let i = 0;
  try {
    for (; i < waiting.length; i++) head.submit(waiting[i]!);
  } catch (err) {
    if (!(err instanceof MessageRejected)) throw err;
  }
  settle(i);
  waiting = i === waiting.length ? [] : waiting.slice(i);
}

function progress(): void {
  port.postMessage({ t: 'progress', metrics: relay.drain() });
}

function setNow(nowMs: number): void {
  lastNow = nowMs;
  lastNowAt = performance.now();
}

async function handle(m: ToWindows): Promise<void> {
  switch (m.t) {
    case 'input':
      setNow(m.now);
      fetching = m.fetching;
      if (m.pack) {
        unpackRecords(m.pack, (key, payload) => {
          waiting.push({ payload, committable: new OneOffset(key, payload.offset + 1), partition: key, timestampMs: payload.timestampMs });
        });
      }
      drain();
      head.poll(m.now);
      drain();
      progress();
      return;
    case 'taken':
      head.poll(clock());
      progress();
      return;
    case 'assigned':
      head.onAssigned(m.partitions);
      return;
    case 'revoked': {
      revocations = m.revocations;
      const revoked = new Set(m.partitions.map(partitionKey));
      const kept = waiting.filter((w) => !revoked.has(w.partition!));
      settle(waiting.length - kept.length);
      waiting = kept;
      head.onRevoked(m.partitions);
      progress();
      return;
    }
    case 'join':
      drain();
      await head.join(clock);
      port.postMessage({ t: 'joined', unsettled: waiting.length, metrics: relay.drain() });
      return;
  }
}

// Messages are handled one at a time, in order: a join may wait for the main thread to take emissions.
let queue = Promise.resolve();
port.on('message', (m: ToWindows) => {
  // Taken at once, not in turn: a join waiting in the queue's head waits for exactly this.
  if (m.t === 'taken') emissionOutstanding = false;
  queue = queue.then(() => handle(m)).catch((err: Error) => {
    port.postMessage({ t: 'fatal', error: { name: err.name, message: err.message, where: (err as { where?: object }).where } });
  });
});
port.postMessage({ t: 'ready' });
flushCompileCache();
