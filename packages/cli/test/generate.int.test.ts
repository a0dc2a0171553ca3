// `pnpm mentions generate` as scripts/up.sh runs it: a scheduled complaint storm (logged when it
// starts and ends, its mentions mostly negative complaints about the storm's brand), progress and
// metrics on --metrics-port while it runs, a clean stop on SIGTERM; an unknown storm brand exits 2.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { codecs, topicNames } from '@mentions/runtime';
import { freePort } from '../../../test/global-setup.ts';
import { brokers, readTopic, testKafka, uniqueName, waitFor } from '../../../test/helpers/stack.ts';
import { mentions } from './run-cli.ts';
import { tsRunArgs } from '../../../test/helpers/ts-run.ts';

const root = new URL('../../../', import.meta.url).pathname;
const logLines = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);

describe('mentions generate', () => {
  it('schedules a storm and logs it, serves metrics while it runs, stops on SIGTERM, and refuses an unknown storm brand', async () => {
    const prefix = `${uniqueName('gen')}.`;
    // The test reads the generator's info lines: LOG_LEVEL set here, whatever the test process has.
    const env = { KAFKA_BROKERS: brokers(), TOPIC_PREFIX: prefix, LOG_LEVEL: 'info' };
    const port = await freePort();
    // The live run: from now on, forever, until SIGTERM.
    const live = spawn(process.execPath, [...tsRunArgs(), 'packages/cli/src/main.ts', 'generate', '--from', 'now', '--until', 'forever', '--metrics-port', String(port), '--no-progress'], {
      cwd: root, env: { ...process.env, ...env, TOPIC_PREFIX: `${prefix}live.` },
    });
    let liveErr = '';
    live.stderr.on('data', (d: Buffer) => { liveErr += d.toString(); });
    const exited = new Promise<number | null>((resolve) => live.on('exit', (code) => resolve(code)));

    const [storm, unknown] = await Promise.all([
      mentions(env, 'generate', '--seed', '3', '--from', '-5m', '--until', '-1m', '--speed', 'max', '--rate', '60', '--storm-at', '-4m', '--storm-minutes', '2', '--storm-brand', 'Bluejay Airways', '--no-progress'),
      mentions(env, 'generate', '--from', '-1m', '--until', 'now', '--storm-at', '+1m', '--storm-brand', 'Nope'),
    ]);

    expect([storm.code, storm.stdout], storm.stderr).toEqual([0, '']);
    const lines = logLines(storm.stderr);
    const started = lines.find((l) => l['msg'] === 'Generator started.')!;
    expect(started, `no "Generator started." line in:\n${storm.stderr}`).toBeDefined();
    expect(started['incidents']).toEqual([{ id: 'bluejay-airways-complaint-storm', kind: 'negative_storm', brand: 'Bluejay Airways', start: expect.stringMatching(/:00\.000Z$/), minutes: 2 }]);
    expect(lines.filter((l) => String(l['msg']).startsWith('Incident')).map((l) => [l['msg'], l['incident']])).toEqual([
      ['Incident started.', 'bluejay-airways-complaint-storm'],
      ['Incident ended.', 'bluejay-airways-complaint-storm'],
    ]);
    const finished = lines.find((l) => l['msg'] === 'Generator finished.')!;
    expect([finished['rejected'], finished['duplicates'], finished['accepted']]).toEqual([0, 0, finished['records']]);
    const produced = (await readTopic(testKafka(), topicNames(prefix).raw, Number(finished['records']))).map((m) => codecs.mention.decode(m.value));
    expect(produced).toHaveLength(Number(finished['records']));
    // During the storm Bluejay Airways is named far more often than in the minutes around it.
    const stormStart = Date.parse(String((started['incidents'] as Array<{ start: string }>)[0]!.start));
    const bluejay = (from: number, to: number) => produced.filter((m) => m.created_at_ms >= from && m.created_at_ms < to && /bluejay/i.test(m.text)).length;
    expect(bluejay(stormStart, stormStart + 120_000)).toBeGreaterThan(2 * bluejay(stormStart - 60_000, stormStart) + 2 * bluejay(stormStart + 120_000, stormStart + 180_000));

    expect(unknown).toEqual({
      code: 2, stdout: '',
      stderr: expect.stringContaining('mentions: --storm-brand: unknown brand "Nope" for the storm; demo brands: Northwind Airlines, Bluejay Airways, Meridian Air, Orbit, Kestrel, Veyra\n'),
    });

    const metrics = await waitFor('the generator metrics to count produced mentions', async () => {
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      return /mentions_ingest_accepted_total\{source="generator",service="generate"\} [1-9]/.test(text) && text;
    }, 30_000);
    expect(metrics).toMatch(/mentions_messages_out_total\{topic="gen_[0-9a-f]+\.live\.mentions\.raw",service="generate"\} [1-9]/);
    live.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(logLines(liveErr).map((l) => l['msg'])).toEqual(expect.arrayContaining(['Generator started.', 'Generator metrics served.', 'Generator caught up with now; producing in real time.', 'Generator finished.']));
  }, 60_000);
});
