// The load of the end-to-end benches: generator-shaped mentions POSTed to ingest as NDJSON
// batches over several keep-alive connections at a target rate, as a real client would send them.
// The bodies come from the project's generator (the demo world, no incidents), made once into a
// pool; each POST gives them fresh ids and created_at = now, so every mention is new and live.
import { defaultDemoConfig } from '../../services/ingest/src/sources/generator/demo-config.ts';
import { createMentionGenerator, type MentionGenerator } from '../../services/ingest/src/sources/generator/mention-generator.ts';
import type { GeneratedMention, MentionInput } from '../../services/ingest/src/sources/generator/types.ts';
import { sleep } from './pipeline.ts';

const ID_MARK = '@@source_id@@';
const AT_MARK = '@@created_at@@';

/** A pooled mention as JSON cut around its id and created_at, so a fresh copy costs two concatenations. */
interface Template { head: string; middle: string; tail: string; idFirst: boolean }

function toTemplate(input: MentionInput): Template {
  const json = JSON.stringify({ ...input, source_id: ID_MARK, created_at: AT_MARK });
  const id = json.indexOf(`"${ID_MARK}"`);
  const at = json.indexOf(`"${AT_MARK}"`);
  const [first, firstLen, second, secondLen] = id < at ? [id, ID_MARK.length + 2, at, AT_MARK.length + 2] : [at, AT_MARK.length + 2, id, ID_MARK.length + 2];
  return { head: json.slice(0, first), middle: json.slice(first + firstLen, second), tail: json.slice(second + secondLen), idFirst: id < at };
}

/** `size` mentions of the demo world (six brands in two competitive sets), as templates. */
export function loadPool(size: number, seed = 20_240_601): Template[] {
  const generator = createMentionGenerator({ ...defaultDemoConfig(Date.now() - 86_400_000, seed), incidents: [] });
  return Array.from({ length: size }, () => toTemplate(generator.next().input));
}

export interface StepOutcome {
  targetPerS: number;
  seconds: number;
  offered: number;
  accepted: number;
  /** Responses other than 202 (e.g. 503 when ingest is saturated) and failed requests. */
  refusals: number;
  /** Mentions accepted per second of the step (until the last answer). */
  acceptedPerS: number;
  /** How far the last batch started behind its schedule (all connections busy). */
  maxBehindS: number;
}

export interface LoadDriverOptions {
  ingestUrl: string;
  batch: number;
  connections: number;
  pool: Template[];
}

export interface LoadDriver {
  /** Sends `rate` mentions/s for `seconds`; resolves when every POST is answered. */
  run(rate: number, seconds: number): Promise<StepOutcome>;
  /** Posts mentions as they are (their own ids and times), in batches; returns the time each batch was accepted. */
  post(mentions: GeneratedMention[]): Promise<number>;
  /** Every second, posts the probe generator's mentions due until now and reports them accepted. */
  startProbes(generator: () => MentionGenerator, onAccepted: (mentions: GeneratedMention[], atMs: number) => void): void;
  stopProbes(): Promise<void>;
  /** Mentions accepted so far (load and probes). */
  accepted(): number;
}

interface Answer { status: number; accepted: number }

export function createLoadDriver(o: LoadDriverOptions): LoadDriver {
  const runTag = `load${Date.now().toString(36)}`;
  let seq = 0;
  let poolIndex = 0;
  let acceptedTotal = 0;

  async function send(body: string): Promise<Answer> {
    try {
      const res = await fetch(o.ingestUrl, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body });
      const text = await res.text();
      const accepted = res.status === 202 ? (JSON.parse(text) as { accepted: number }).accepted : 0;
      acceptedTotal += accepted;
      return { status: res.status, accepted };
    } catch {
      return { status: 0, accepted: 0 };
    }
  }

  function loadBody(n: number): string {
    const at = JSON.stringify(new Date().toISOString());
    const lines: string[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const t = o.pool[poolIndex++ % o.pool.length]!;
      const id = `"${runTag}-${seq++}"`;
      lines[i] = t.idFirst ? t.head + id + t.middle + at + t.tail : t.head + at + t.middle + id + t.tail;
    }
    return lines.join('\n');
  }

  async function postGenerated(mentions: GeneratedMention[]): Promise<number> {
    let at = Date.now();
    for (let i = 0; i < mentions.length; i += o.batch) {
      const slice = mentions.slice(i, i + o.batch);
      for (let attempt = 0; ; attempt++) {
        const answer = await send(slice.map((m) => JSON.stringify(m.input)).join('\n'));
        at = Date.now();
        if (answer.status === 202) break;
        if (attempt >= 20) throw new Error(`ingest answered ${answer.status} to ${slice.length} generated mentions 20 times`);
        await sleep(500); // a 503 (saturated) or a lost connection: resend, as a client would
      }
    }
    return at;
  }

  let probes: { stop: boolean; done: Promise<void> } | undefined;

  return {
    async run(rate, seconds) {
      const batches = Math.max(1, Math.round((rate * seconds) / o.batch));
      const intervalMs = (o.batch / rate) * 1000;
      const start = performance.now();
      let next = 0;
      let accepted = 0;
      let refusals = 0;
      let maxBehindMs = 0;
      let lastAnswer = start;
      const worker = async () => {
        for (;;) {
          const k = next++;
          if (k >= batches) return;
          const wait = start + k * intervalMs - performance.now();
          if (wait > 0) await sleep(wait);
          else maxBehindMs = Math.max(maxBehindMs, -wait);
          const answer = await send(loadBody(o.batch));
          lastAnswer = performance.now();
          accepted += answer.accepted;
          if (answer.status !== 202) refusals++;
        }
      };
      await Promise.all(Array.from({ length: o.connections }, worker));
      const offered = batches * o.batch;
      return { targetPerS: rate, seconds, offered, accepted, refusals, acceptedPerS: accepted / ((lastAnswer - start) / 1000), maxBehindS: maxBehindMs / 1000 };
    },
    post: postGenerated,
    startProbes(generator, onAccepted) {
      const state = { stop: false, done: Promise.resolve() };
      state.done = (async () => {
        while (!state.stop) {
          const next = Math.floor(Date.now() / 1000) * 1000 + 1000;
          await sleep(next - Date.now());
          const due = generator().generate(next);
          if (due.length) onAccepted(due, await postGenerated(due));
        }
      })();
      probes = state;
    },
    async stopProbes() {
      if (!probes) return;
      probes.stop = true;
      await probes.done;
      probes = undefined;
    },
    accepted: () => acceptedTotal,
  };
}
