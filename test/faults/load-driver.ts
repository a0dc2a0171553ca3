// Posts a known set of mentions to ingest at a steady rate, in batches, as a careful client does:
// a batch that gets no answer, a 503 or another 5xx is sent again, unchanged, until ingest answers
// 202 for every record of it (accepted, or a duplicate of a record an earlier try delivered).
import type { MentionInput } from '../../services/ingest/src/sources/generator/types.ts';

export interface LoadOptions {
  /** Where to post: asked before every try, so a restarted ingest on a new port is found. */
  url: () => string | undefined;
  ratePerS: number;
  batchSize: number;
  concurrency: number;
  /** Called with the fraction of batches handed out so far (0..1), before each batch. */
  onProgress?: (fraction: number) => void;
  /** Told of every try and its outcome (for a diagnosis when recovery times out). */
  onTry?: (event: string) => void;
}

export interface LoadReport {
  batches: number;
  tries: number;
  /** Tries that were answered other than 202, by status or network error. */
  failedTries: Record<string, number>;
  accepted: number;
  duplicates: number;
  startedAt: number;
  endedAt: number;
  /** Gaps between one 202 and the next longer than 2 s: [from, to] epoch ms. */
  gaps: Array<[number, number]>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function postMentions(inputs: readonly MentionInput[], o: LoadOptions): Promise<LoadReport> {
  const batches: MentionInput[][] = [];
  for (let i = 0; i < inputs.length; i += o.batchSize) batches.push(inputs.slice(i, i + o.batchSize));
  const report: LoadReport = { batches: batches.length, tries: 0, failedTries: {}, accepted: 0, duplicates: 0, startedAt: Date.now(), endedAt: 0, gaps: [] };
  const intervalMs = (o.batchSize / o.ratePerS) * 1000;
  let next = 0;
  let last202 = Date.now();
  const fail = (why: string) => { report.failedTries[why] = (report.failedTries[why] ?? 0) + 1; };

  const sendOne = async (batch: MentionInput[]) => {
    const body = batch.map((m) => JSON.stringify(m)).join('\n');
    for (;;) {
      const url = o.url();
      report.tries++;
      o.onTry?.(`post to ${url ?? 'nothing'}`);
      if (!url) { fail('no ingest'); await sleep(200); continue; }
      try {
        const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body, signal: AbortSignal.timeout(30_000) });
        const answer = (await res.json().catch(() => ({}))) as { accepted?: number; duplicates?: number; rejected?: number };
        o.onTry?.(`answer ${res.status} ${JSON.stringify(answer).slice(0, 200)}`);
        if (res.status === 202 && (answer.accepted ?? 0) + (answer.duplicates ?? 0) === batch.length) {
          const now = Date.now();
          if (now - last202 > 2000) report.gaps.push([last202, now]);
          last202 = now;
          report.accepted += answer.accepted ?? 0;
          report.duplicates += answer.duplicates ?? 0;
          return;
        }
        if (res.status === 202 || res.status < 500) throw new Error(`ingest answered ${res.status} ${JSON.stringify(answer)} to a batch of valid mentions`);
        fail(String(res.status));
      } catch (err) {
        if ((err as Error).message.startsWith('ingest answered')) throw err;
        o.onTry?.(`error ${(err as Error).message} ${((err as Error).cause as Error | undefined)?.message ?? ''}`);
        fail(((err as Error).cause as { code?: string } | undefined)?.code ?? (err as Error).name);
      }
      await sleep(200);
    }
  };

  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= batches.length) return;
      const due = report.startedAt + i * intervalMs;
      if (due > Date.now()) await sleep(due - Date.now());
      o.onProgress?.(i / batches.length);
      await sendOne(batches[i]!);
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, worker));
  report.endedAt = Date.now();
  return report;
}
