// `mentions lag`: per consumer group and partition, the committed offset, the end and the lag.
import type { Command } from 'commander';
import { topicNames } from '@mentions/runtime';
import { connectKafka, readKafkaConfig } from '../clients.ts';
import { groupLag, pipelineGroups, type PartitionLag } from '../consumer-groups.ts';
import { printResult, refuse, type Column } from '../table.ts';

const COLUMNS: Column<PartitionLag>[] = [
  { header: 'GROUP', value: (r) => r.group },
  { header: 'TOPIC', value: (r) => r.topic },
  { header: 'PARTITION', value: (r) => r.partition },
  { header: 'COMMITTED', value: (r) => r.committed },
  { header: 'END', value: (r) => r.end },
  { header: 'LAG', value: (r) => r.lag },
];

export function addLagCommand(program: Command): void {
  program
    .command('lag')
    .description('Consumer lag per group and partition: committed offset, end offset, records behind.')
    .option('--group <id>', 'only this consumer group (default: the pipeline’s groups)')
    .option('--json', 'print the rows as JSON')
    .addHelpText('after', `
Without a commit a partition shows COMMITTED "-" and its lag counts from the start of the log, where
a service begins. Groups: ENRICH_GROUP_ID (enrich), AGGREGATE_GROUP_ID (aggregate), FORECAST_GROUP_ID
(forecast), CUSTOMER_ALERT_GROUP_ID (forecast-customer-alerts), as the services read them.
Environment: KAFKA_BROKERS, TOPIC_PREFIX, CLI_TIMEOUT_MS (default 10000).
Exit codes: 0 ok, 1 Kafka unreachable, 2 unknown group.`)
    .action(async (flags: { group?: string; json?: boolean }) => {
      const config = readKafkaConfig();
      const known = pipelineGroups(topicNames(config.TOPIC_PREFIX));
      const matching = known.filter((g) => g.group === flags.group);
      const wanted = flags.group === undefined ? known : matching.length > 0 ? matching : [{ group: flags.group, topic: undefined }];
      const session = await connectKafka(config, 'mentions-lag');
      try {
        const existing = new Set(await session.call('list topics', () => session.admin.listTopics()));
        const rows: PartitionLag[] = [];
        for (const group of new Set(wanted.map((g) => g.group))) {
          const topics = wanted.flatMap((g) => (g.group === group && g.topic ? [g.topic] : []));
          rows.push(...await groupLag(session, group, topics, existing));
        }
        if (flags.group !== undefined && rows.length === 0 && matching.length === 0) {
          const { groups } = await session.call('list groups', () => session.admin.listGroups());
          const names = [...new Set([...known.map((g) => g.group), ...groups.map((g) => g.groupId)])].sort();
          refuse(`unknown consumer group "${flags.group}": it has no committed offsets; groups: ${names.join(', ')}`, 2);
          return;
        }
        printResult(flags, rows, COLUMNS, rows);
      } finally {
        await session.close();
      }
    });
}
