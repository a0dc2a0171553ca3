// `mentions dlq show|replay`: the dead-letter topic decoded, and its records re-produced into the
// topic they failed on after a fix.
import { type Command, InvalidArgumentError } from 'commander';
import { createProducer, topicNames, useSchemaRegistry, type OutgoingRecord } from '@mentions/runtime';
import { parseInstant } from '../../../../services/ingest/src/sources/generator/parse-instant.ts';
import { connectKafka, readKafkaConfig, type KafkaSession } from '../clients.ts';
import { readDeadLetterTopic, repeatsOf, sourceOf, viewDeadLetter, type Bytes, type DeadLetterView, type DecodedDeadLetter } from '../dead-letters.ts';
import { positiveInteger } from './flag-values.ts';
import { printResult, type Column } from '../table.ts';

const ENVIRONMENT = 'Environment: KAFKA_BROKERS, TOPIC_PREFIX, CLI_TIMEOUT_MS (default 10000).';
const CELL = 60;

const clip = (text: string) => (text.length > CELL ? `${text.slice(0, CELL - 1)}…` : text);
const bytesCell = (b: Bytes | null) => (b === null ? null : clip(b.encoding === 'hex' ? `0x${b.text}` : JSON.stringify(b.text)));

const SHOW_COLUMNS: Column<DeadLetterView>[] = [
  { header: 'DLQ_OFFSET', value: (v) => v.dlq_offset },
  { header: 'FAILED_AT', value: (v) => v.failed_at },
  { header: 'SERVICE', value: (v) => v.service },
  { header: 'STAGE', value: (v) => v.stage },
  { header: 'SOURCE', value: sourceOf },
  { header: 'ERROR', value: (v) => clip(`${v.error_class}: ${v.error_message}`) },
  { header: 'KEY', value: (v) => bytesCell(v.key) },
  { header: 'VALUE', value: (v) => bytesCell(v.value) },
];

function since(text: string): number {
  try {
    return parseInstant(text, Date.now());
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message);
  }
}

async function readViews(session: KafkaSession, prefix: string, timeoutMs: number, lastN?: number, registry?: { SCHEMA_REGISTRY_URL: string }): Promise<DecodedDeadLetter[]> {
  await useSchemaRegistry({ ...registry, SCHEMA_REGISTRY_TIMEOUT_MS: timeoutMs }, topicNames(prefix));
  const records = await readDeadLetterTopic(session, topicNames(prefix).dlq, { lastN, idleTimeoutMs: timeoutMs });
  return records.map((r) => viewDeadLetter(r)).sort((a, b) => (a.failed_at_ms ?? 0) - (b.failed_at_ms ?? 0) || a.dlq_offset - b.dlq_offset);
}

/** The JSON of a dead letter: everything but the decoded record kept for replay. */
const publicView = ({ original: _original, ...view }: DecodedDeadLetter) => view;

type ReplayAction = 'replayed' | 'would replay' | 'skipped: no source topic' | 'skipped: source topic missing' | 'skipped: no value' | 'skipped: undecodable' | `skipped: repeat of ${number}`;
interface ReplayRow { view: DecodedDeadLetter; action: ReplayAction }

const REPLAY_COLUMNS: Column<ReplayRow>[] = [
  { header: 'DLQ_OFFSET', value: (r) => r.view.dlq_offset },
  { header: 'FAILED_AT', value: (r) => r.view.failed_at },
  { header: 'SERVICE', value: (r) => r.view.service },
  { header: 'STAGE', value: (r) => r.view.stage },
  { header: 'SOURCE', value: (r) => sourceOf(r.view) },
  { header: 'ACTION', value: (r) => r.action },
];

interface ShowFlags { limit?: number; json?: boolean }
interface ReplayFlags { stage?: string; since?: number; dryRun?: boolean; json?: boolean }

export function addDlqCommand(program: Command): void {
  const dlq = program.command('dlq').description('Dead letters (mentions.dlq): show them decoded, replay them into their source topic.');
  dlq
    .command('show')
    .description('Print dead letters, oldest first: when, service, stage, error, source topic/partition/offset (or file origin), original key and value.')
    .option('--limit <n>', 'only the last n of each partition of the dead-letter topic', positiveInteger)
    .option('--json', 'print them as JSON, key and value in full ({ encoding: "utf8" | "hex", text })')
    .addHelpText('after', `
Key and value are shown as text when they are printable UTF-8, else as 0x-prefixed hex; the
table cuts long cells, --json has them in full.
${ENVIRONMENT}
Exit codes: 0 ok, 1 Kafka unreachable, 2 a bad flag.`)
    .action(async (flags: ShowFlags) => {
      const config = readKafkaConfig();
      const session = await connectKafka(config, 'mentions-dlq');
      try {
        const views = await readViews(session, config.TOPIC_PREFIX, config.CLI_TIMEOUT_MS, flags.limit, config);
        printResult(flags, views.map(publicView), SHOW_COLUMNS, views);
      } finally {
        await session.close();
      }
    });
  dlq
    .command('replay')
    .description('Re-produce the original key and value of dead letters into their source topic (after a fix), where the pipeline processes them again.')
    .option('--stage <stage>', 'only dead letters of this stage (decode, validate, process, ...)')
    .option('--since <instant>', 'only dead letters that failed at or after: ±<n>(ms|s|m|h|d) or ISO-8601', since)
    .option('--dry-run', 'list what it would replay, produce nothing')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', `
The bytes go back unchanged, with their key, to the dead letter's topic (the producer partitions
by key as the original producer did). Dead letters without a source topic (file or generator
input: the origin names file and line) are listed and skipped; replay those files instead.

Why a replayed record counts once: every table is keyed by what the record is, not by when it
arrived. mentions.raw is keyed by mention id; enrich's ClickHouse rows are keyed by
(competitive set, brand, created_at, mention id) and replace themselves; the aggregator counts a
mention id once per window (ReplacingMergeTree rows keyed by set, brand and window). Replaying
the same dead letters twice therefore changes no count; use --since/--stage to keep it short.
A record dead-lettered again by the same service and stage (a consumer re-reads from its last
commit after a restart or a rebalance) is replayed once: the repeats are listed as skipped.
${ENVIRONMENT}
Exit codes: 0 ok (also when nothing matched), 1 Kafka unreachable or a produce failed, 2 a bad flag.`)
    .action(async (flags: ReplayFlags) => {
      const config = readKafkaConfig();
      const session = await connectKafka(config, 'mentions-dlq-replay');
      const producer = flags.dryRun ? undefined : createProducer(session.kafka);
      try {
        const existing = new Set(await session.call('list topics', () => session.admin.listTopics()));
        const views = (await readViews(session, config.TOPIC_PREFIX, config.CLI_TIMEOUT_MS, undefined, config))
          .filter((v) => (flags.stage === undefined || v.stage === flags.stage) && (flags.since === undefined || (v.failed_at_ms ?? 0) >= flags.since));
        const repeats = repeatsOf(views);
        const rows: ReplayRow[] = views.map((view) => ({ view, action: replayAction(view, existing, Boolean(flags.dryRun), repeats.get(view)) }));
        if (producer) {
          await session.call('connect producer', () => producer.connect());
          const byTopic = new Map<string, OutgoingRecord[]>();
          for (const { view } of rows.filter((r) => r.action === 'replayed')) {
            const original = view.original!;
            byTopic.set(original.topic!, [...(byTopic.get(original.topic!) ?? []), { key: original.key, value: original.value! }]);
          }
          for (const [topic, records] of byTopic) await producer.send(topic, records);
        }
        const replayed = rows.filter((r) => r.action === 'replayed' || r.action === 'would replay').length;
        const summary = { dryRun: Boolean(flags.dryRun), matched: rows.length, replayed, skipped: rows.length - replayed };
        if (flags.json) {
          process.stdout.write(`${JSON.stringify({ ...summary, records: rows.map((r) => ({ ...publicView(r.view), action: r.action })) })}\n`);
          return;
        }
        printResult(flags, null, REPLAY_COLUMNS, rows);
        process.stdout.write(`${flags.dryRun ? 'would replay' : 'replayed'} ${replayed} of ${rows.length} dead letters, ${summary.skipped} skipped\n`);
      } finally {
        await producer?.disconnect();
        await session.close();
      }
    });
}

function replayAction(view: DecodedDeadLetter, existing: ReadonlySet<string>, dryRun: boolean, repeated?: DecodedDeadLetter): ReplayAction {
  if (!view.original) return 'skipped: undecodable';
  if (repeated) return `skipped: repeat of ${repeated.dlq_offset}`;
  if (view.topic === null) return 'skipped: no source topic';
  if (!existing.has(view.topic)) return 'skipped: source topic missing';
  if (view.original.value === null) return 'skipped: no value';
  return dryRun ? 'would replay' : 'replayed';
}
