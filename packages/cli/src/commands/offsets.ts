// `mentions offsets reset`: moves a stopped consumer group to the start, the end or a time of a
// topic, so its service re-reads (or skips) records when it starts again.
import { type Command, InvalidArgumentError } from 'commander';
import { TOPICS, topicNames } from '@mentions/runtime';
import { connectKafka, readKafkaConfig, type KafkaSession } from '../clients.ts';
import { commitGroupOffsets, topicOffsets, type TopicOffsets } from '../consumer-groups.ts';
import { printResult, refuse, type Column } from '../table.ts';

type Target = { kind: 'earliest' } | { kind: 'latest' } | { kind: 'time'; ms: number };

export function parseTarget(text: string): Target {
  if (text === 'earliest' || text === 'latest') return { kind: text };
  // A date alone or a date-time: ISO-8601 only, so "1" or "soon" is not taken for a time.
  const ms = /^\d{4}-\d{2}-\d{2}/.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(ms)) throw new InvalidArgumentError(`expected earliest, latest or an ISO-8601 time (2026-11-02T09:00:00Z), got "${text}"`);
  return { kind: 'time', ms };
}

interface PartitionReset { partition: number; current: number | null; target: number }

/** The offset each partition is set to: log start, log end, or the first record at or after the time. */
async function targetOffsets(session: KafkaSession, topic: string, to: Target, bounds: readonly TopicOffsets[]): Promise<Map<number, number>> {
  if (to.kind === 'earliest') return new Map(bounds.map((b) => [b.partition, b.low]));
  if (to.kind === 'latest') return new Map(bounds.map((b) => [b.partition, b.high]));
  const byTime = await session.call(`offsets of ${topic} at a time`, () => session.admin.fetchTopicOffsetsByTimestamp(topic, to.ms));
  return new Map(byTime.map((o) => [o.partition, Number(o.offset)]));
}

const COLUMNS: Column<PartitionReset>[] = [
  { header: 'PARTITION', value: (r) => r.partition },
  { header: 'CURRENT', value: (r) => r.current },
  { header: 'NEW', value: (r) => r.target },
];

interface ResetFlags { group: string; topic: string; to: Target; dryRun?: boolean; json?: boolean }

export function addOffsetsCommand(program: Command): void {
  const offsets = program.command('offsets').description('Consumer group offsets: reset a group to the start, the end or a time of a topic.');
  offsets
    .command('reset')
    .description('Set a stopped consumer group’s offsets on a topic to earliest, latest or the first record at a time.')
    .requiredOption('--group <id>', 'consumer group (enrich, aggregate, forecast, ... as ENRICH_GROUP_ID etc.)')
    .requiredOption('--topic <name>', `topic, with or without TOPIC_PREFIX (${Object.values(TOPICS).map((t) => t.name).join(', ')})`)
    .requiredOption('--to <where>', 'earliest, latest, or an ISO-8601 time (the first record at or after it)', parseTarget)
    .option('--dry-run', 'print the offsets it would set, change nothing')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', `
The group must have no running instances: stop its service first (Kafka refuses to move the
offsets of an active group, and the service would overwrite them). Rows written again after a
reset replace themselves in ClickHouse (tables keyed by mention id, window or alert id), so a
re-read counts once.
Environment: KAFKA_BROKERS, TOPIC_PREFIX, CLI_TIMEOUT_MS (default 10000).
Exit codes: 0 ok, 1 Kafka unreachable or the group is active, 2 unknown topic or bad --to.`)
    .action(async (flags: ResetFlags) => {
      const config = readKafkaConfig();
      const session = await connectKafka(config, 'mentions-offsets');
      try {
        const existing = new Set(await session.call('list topics', () => session.admin.listTopics()));
        const topic = [flags.topic, `${config.TOPIC_PREFIX}${flags.topic}`].find((t) => existing.has(t));
        if (!topic) {
          const pipeline = Object.values(topicNames(config.TOPIC_PREFIX)).filter((t) => existing.has(t));
          refuse(`unknown topic "${flags.topic}"; pipeline topics: ${pipeline.join(', ') || '(none created yet)'}`, 2);
          return;
        }
        const [description] = (await session.call('describe group', () => session.admin.describeGroups([flags.group]))).groups;
        const members = description?.members ?? [];
        if (members.length > 0) {
          const who = members.map((m) => `${m.clientId} on ${m.clientHost}`).join(', ');
          refuse(`group "${flags.group}" has ${members.length} running member(s) (${who}); stop its service, then reset`, 1);
          return;
        }
        const bounds = await topicOffsets(session, topic);
        const target = await targetOffsets(session, topic, flags.to, bounds);
        const [fetched] = await session.call('group offsets', () => session.admin.fetchOffsets({ groupId: flags.group, topics: [topic] }));
        const current = new Map((fetched?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
        const rows: PartitionReset[] = bounds.map((b) => b.partition).sort((a, b) => a - b).map((partition) => ({
          partition, current: (current.get(partition) ?? -1) >= 0 ? current.get(partition)! : null, target: target.get(partition)!,
        }));
        if (!flags.dryRun) {
          await commitGroupOffsets(session, flags.group, topic, rows.map((r) => ({ partition: r.partition, offset: r.target })));
        }
        const to = flags.to.kind === 'time' ? new Date(flags.to.ms).toISOString() : flags.to.kind;
        if (!flags.json) process.stdout.write(`${flags.dryRun ? 'would reset' : 'reset'} group ${flags.group} on ${topic} to ${to}\n`);
        printResult(flags, { group: flags.group, topic, to, dryRun: Boolean(flags.dryRun), partitions: rows }, COLUMNS, rows);
      } finally {
        await session.close();
      }
    });
}
