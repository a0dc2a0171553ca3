// `mentions offsets reset`: moves a stopped consumer group to the start, the end or a time of a
// topic, so its service re-reads (or skips) records when it starts again.
import { type Command, InvalidArgumentError } from 'commander';
import { TOPICS, topicNames } from '@mentions/runtime';
import { connectKafka, readKafkaConfig, type KafkaSession } from '../clients.ts';
import { commitGroupOffsets, topicOffsets, type TopicOffsets } from '../consumer-groups.ts';
import { printResult, refuse, type Column } from '../table.ts';

type Target = { kind: 'earliest' } | { kind: 'latest' } | { kind: 'time'; ms: number } | { kind: 'offset'; offset: number };

export function parseTarget(text: string): Target {
  if (text === 'earliest' || text === 'latest') return { kind: text };
  // An exact offset (with --partition): past a run of bad records, as the dead-letter limit's log line says.
  if (/^\d+$/.test(text)) return { kind: 'offset', offset: Number(text) };
  // A date alone or a date-time: ISO-8601 only, so "soon" is not taken for a time.
  const ms = /^\d{4}-\d{2}-\d{2}/.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(ms)) throw new InvalidArgumentError(`expected earliest, latest, an ISO-8601 time (2026-11-02T09:00:00Z) or an offset, got "${text}"`);
  return { kind: 'time', ms };
}

function parsePartition(text: string): number {
  if (!/^\d+$/.test(text)) throw new InvalidArgumentError(`expected a partition number, got "${text}"`);
  return Number(text);
}

interface PartitionReset { partition: number; current: number | null; target: number }

/** The offset each partition is set to: log start, log end, or the first record at or after the time. */
async function targetOffsets(session: KafkaSession, topic: string, to: Target, bounds: readonly TopicOffsets[]): Promise<Map<number, number>> {
  if (to.kind === 'earliest') return new Map(bounds.map((b) => [b.partition, b.low]));
  if (to.kind === 'latest') return new Map(bounds.map((b) => [b.partition, b.high]));
  if (to.kind === 'offset') return new Map(bounds.map((b) => [b.partition, to.offset]));
  const byTime = await session.call(`offsets of ${topic} at a time`, () => session.admin.fetchTopicOffsetsByTimestamp(topic, to.ms));
  return new Map(byTime.map((o) => [o.partition, Number(o.offset)]));
}

const COLUMNS: Column<PartitionReset>[] = [
  { header: 'PARTITION', value: (r) => r.partition },
  { header: 'CURRENT', value: (r) => r.current },
  { header: 'NEW', value: (r) => r.target },
];

interface ResetFlags { group: string; topic: string; to: Target; partition?: number; dryRun?: boolean; json?: boolean }

export function addOffsetsCommand(program: Command): void {
  const offsets = program.command('offsets').description('Consumer group offsets: reset a group to the start, the end or a time of a topic.');
  offsets
    .command('reset')
    .description('Set a stopped consumer group’s offsets on a topic to earliest, latest or the first record at a time.')
    .requiredOption('--group <id>', 'consumer group (enrich, aggregate, forecast, ... as ENRICH_GROUP_ID etc.)')
    .requiredOption('--topic <name>', `topic, with or without TOPIC_PREFIX (${Object.values(TOPICS).map((t) => t.name).join(', ')})`)
    .requiredOption('--to <where>', 'earliest, latest, an ISO-8601 time (the first record at or after it), or an offset (with --partition)', parseTarget)
    .option('--partition <p>', 'only this partition (needed for an offset)', parsePartition)
    .option('--dry-run', 'print the offsets it would set, change nothing')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', `
The group must have no running instances: stop its service first (Kafka refuses to move the
offsets of an active group, and the service would overwrite them). Rows written again after a
reset replace themselves in ClickHouse (tables keyed by mention id, window or alert id), so a
re-read counts once.
Environment: KAFKA_BROKERS, TOPIC_PREFIX, CLI_TIMEOUT_MS (default 10000).
Past a run of bad records that stopped a service at MAX_CONSECUTIVE_DEAD_LETTERS (its log line names
the partition and offset): --partition P --to <offset> moves only that partition (records skipped so
are not dead-lettered: prefer the raised-limit restart of docs/OPERATIONS.md when they must be kept).
Exit codes: 0 ok, 1 Kafka unreachable or the group is active, 2 unknown topic or partition, bad --to,
or an offset outside the partition's log.`)
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
        const allBounds = await topicOffsets(session, topic);
        const bounds = flags.partition === undefined ? allBounds : allBounds.filter((b) => b.partition === flags.partition);
        if (bounds.length === 0) {
          refuse(`${topic} has no partition ${flags.partition}; partitions: ${allBounds.map((b) => b.partition).join(', ')}`, 2);
          return;
        }
        if (flags.to.kind === 'offset') {
          const b = bounds[0]!;
          if (flags.partition === undefined) {
            refuse('--to <offset> needs --partition: an offset means one partition', 2);
            return;
          }
          if (flags.to.offset < b.low || flags.to.offset > b.high) {
            refuse(`offset ${flags.to.offset} is outside partition ${b.partition} of ${topic} (${b.low}..${b.high})`, 2);
            return;
          }
        }
        const target = await targetOffsets(session, topic, flags.to, bounds);
        const [fetched] = await session.call('group offsets', () => session.admin.fetchOffsets({ groupId: flags.group, topics: [topic] }));
        const current = new Map((fetched?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
        const rows: PartitionReset[] = bounds.map((b) => b.partition).sort((a, b) => a - b).map((partition) => ({
          partition, current: (current.get(partition) ?? -1) >= 0 ? current.get(partition)! : null, target: target.get(partition)!,
        }));
        if (!flags.dryRun) {
          await commitGroupOffsets(session, flags.group, topic, rows.map((r) => ({ partition: r.partition, offset: r.target })));
        }
        const to = flags.to.kind === 'time' ? new Date(flags.to.ms).toISOString() : flags.to.kind === 'offset' ? `offset ${flags.to.offset}` : flags.to.kind;
        if (!flags.json) process.stdout.write(`${flags.dryRun ? 'would reset' : 'reset'} group ${flags.group} on ${topic} to ${to}\n`);
        printResult(flags, { group: flags.group, topic, to, dryRun: Boolean(flags.dryRun), partitions: rows }, COLUMNS, rows);
      } finally {
        await session.close();
      }
    });
}
