// A real ClickHouse 18.16 cluster on loopback — ZooKeeper and two clickhouse-server processes, one
// shard with two replicas (infra/cluster/cluster.sh) — migrated by `mentions migrate --cluster`,
// written through the pipeline's writer (runtime's ClickHouse insert with enrich's and aggregate's
// row mappers) and read back through the Distributed tables and the views on both nodes and on each
// replica's local table. CLUSTER_TEST_SHARDS × CLUSTER_TEST_REPLICAS picks another layout (2 × 1:
// rows spread over two shards, FINAL and the views still exact; docs/SCALING.md).
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClickHouse, type ClickHouse, type EnrichedMention, type Rollup } from '@mentions/runtime';
import { toMentionRow } from '../../services/enrich/src/domain/enrich-mention.ts';
import { toRollupRow } from '../../services/aggregate/src/pipeline.ts';
import { mentions as cli } from '../../packages/cli/test/run-cli.ts';
import { createPseudonymizer } from '../../services/enrich/src/domain/privacy/index.ts';

const run = promisify(execFile);
const root = new URL('../../', import.meta.url).pathname;
const CLUSTER = 'mentions_it';
const DATABASE = 'mentions_cluster_it';
const SHARDS = Number(process.env.CLUSTER_TEST_SHARDS ?? 1);
const REPLICAS = Number(process.env.CLUSTER_TEST_REPLICAS ?? 2);

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/** A port base whose ZooKeeper port and both nodes' HTTP, TCP and interserver ports are free (cluster.sh's layout). */
async function freePortBase(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    // below Linux's ephemeral range (32768–60999), which outgoing connections take ports from at any moment
    const base = 20_000 + Math.floor(Math.random() * 12_000);
    const ports = [base, ...Array.from({ length: SHARDS * REPLICAS }, (_, i) => [10, 11, 12].map((o) => base + o + 10 * i)).flat()];
    if ((await Promise.all(ports.map(bindable))).every(Boolean)) return base;
  }
  throw new Error('no free port range for the cluster');
}

const example = <T>(path: string) => JSON.parse(readFileSync(join(root, 'schemas/examples', path), 'utf8')) as T;
const BRANDS = ['united', 'delta', 'jetblue'];
const T0 = Date.UTC(2026, 10, 20, 10, 0, 0);

function mentionsOf(from: number, to: number, enrichedAtMs: number): EnrichedMention[] {
  const base = example<EnrichedMention>('mentions.enriched/complaint.json');
  return Array.from({ length: to - from }, (_, k) => {
    const i = from + k;
    return { ...base, mention_id: `twitter:${i}`, brand: BRANDS[i % 3]!, created_at_ms: T0 + i * 1000, author_key: `author-${i % 50}`, enriched_at_ms: enrichedAtMs };
  });
}

function rollupsOf(version: number): Rollup[] {
  const base = example<Rollup>('rollups.1m/window.json');
  return BRANDS.flatMap((brand, b) => Array.from({ length: 10 }, (_, w) => ({ ...base, brand, window_start_ms: T0 + w * 60_000, version, mentions: 10 * b + w })));
}

describe(`a ClickHouse cluster of ${SHARDS} shard(s) × ${REPLICAS} replica(s) migrated with \`mentions migrate --cluster\``, () => {
  let dir: string;
  let env: Record<string, string>;
  let nodes: ClickHouse[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mentions-cluster-'));
    env = { CLUSTER_DIR: dir, CLUSTER_NAME: CLUSTER, CLUSTER_SHARDS: String(SHARDS), CLUSTER_REPLICAS: String(REPLICAS), CLUSTER_PORT_BASE: String(await freePortBase()) };
    await run('bash', [join(root, 'infra/cluster/cluster.sh'), 'start'], { env: { ...process.env, ...env } });
    const { stdout } = await run('bash', [join(root, 'infra/cluster/cluster.sh'), 'urls'], { env: { ...process.env, ...env } });
    nodes = stdout.trim().split(',').map((url) => createClickHouse({ url, database: DATABASE }));
  }, 120_000);

  afterAll(async () => {
    await Promise.all(nodes.map((n) => n.close()));
    if (env) await run('bash', [join(root, 'infra/cluster/cluster.sh'), 'stop'], { env: { ...process.env, ...env } });
    if (dir) await rm(dir, { recursive: true, force: true });
  }, 60_000);

  /** The last errors each node logged: what a failed migration shows beside the CLI's message. */
  function serverErrors(): string {
    return nodes.map((_, i) => {
      let text = '';
      try {
        text = readFileSync(join(dir, `node-${i}`, 'log', 'clickhouse-server.err.log'), 'utf8');
      } catch (err) {
        text = String(err);
      }
      return `node ${i} err.log (last 20 lines):\n${text.trimEnd().split('\n').slice(-20).join('\n')}`;
    }).join('\n');
  }

  const count = async (node: ClickHouse, query: string) => Number((await node.query<{ n: string }>(query))[0]!.n);

  /** The count of `query` on each shard's replicas (equal within a shard), one number per shard. */
  async function perShard(query: string): Promise<number[]> {
    const counts = await Promise.all(nodes.map((node) => count(node, query)));
    return Array.from({ length: SHARDS }, (_, s) => {
      const replicas = counts.slice(s * REPLICAS, (s + 1) * REPLICAS);
      expect(new Set(replicas).size, `${query}: replicas of shard ${s + 1} ${replicas.join(', ')}`).toBe(1);
      return replicas[0]!;
    });
  }
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

  it('migrates every node from one, writes through the Distributed tables and reads equal counts everywhere', async () => {
    const urls = nodes.map((_, i) => `http://127.0.0.1:${Number(env.CLUSTER_PORT_BASE) + 10 + 10 * i}`);
    const [url0, url1] = [urls[0]!, urls.at(-1)!];
    const first = await cli({ CLICKHOUSE_URL: url0, CLICKHOUSE_DATABASE: DATABASE }, 'migrate', '--cluster', CLUSTER, '--json');
    // A statement whose connection broke is run again, saying so on stderr (ddl-in-doubt.ts); nothing else may be there.
    expect(first.stderr.split('\n').filter((line) => line && !line.includes(', running again: ')), serverErrors()).toEqual([]);
    expect(first.code, serverErrors()).toBe(0);
    const names = JSON.parse(first.stdout).applied as string[];
    expect(names[0]).toBe('0001_mentions');

    // The same migrations from the other node: every one already applied (schema_migrations is replicated).
    const again = await cli({ CLICKHOUSE_URL: url1, CLICKHOUSE_DATABASE: DATABASE }, 'migrate', '--cluster', CLUSTER, '--json');
    expect(JSON.parse(again.stdout)).toEqual({ database: DATABASE, cluster: CLUSTER, applied: [], skipped: names });

    for (const node of nodes) {
      const tables = await node.query<{ name: string; engine: string }>(`SELECT name, engine FROM system.tables WHERE database = '${DATABASE}' AND name IN ('mentions', 'mentions_local', 'brand_rollup_1m_local') ORDER BY name`);
      expect(tables).toEqual([
        { name: 'brand_rollup_1m_local', engine: 'ReplicatedReplacingMergeTree' },
        { name: 'mentions', engine: 'Distributed' },
        { name: 'mentions_local', engine: 'ReplicatedReplacingMergeTree' },
      ]);
    }

    // The pipeline's writer: enrich's and aggregate's rows through the Distributed tables, from both
    // nodes; 50 mentions and every window written twice (a replayed batch, a re-emitted window).
    const [n0, n1] = [nodes[0]!, nodes.at(-1)!];
    await n0.insert('mentions', mentionsOf(0, 200, 1).map(toMentionRow));
    await n1.insert('mentions', mentionsOf(150, 300, 2).map(toMentionRow));
    await n0.insert('brand_rollup_1m', rollupsOf(1).map(toRollupRow));
    await n1.insert('brand_rollup_1m', rollupsOf(2).map(toRollupRow));
    const expectedRollupMentions = rollupsOf(2).reduce((s, r) => s + r.mentions, 0);

    for (const node of nodes) await node.command(`SYSTEM SYNC REPLICA ${DATABASE}.mentions_local`);
    for (const node of nodes) await node.command(`SYSTEM SYNC REPLICA ${DATABASE}.brand_rollup_1m_local`);
    // Each shard's replicas hold the same rows; the shards together hold every row once.
    const mentionsPerShard = await perShard('SELECT count() AS n FROM mentions_local FINAL');
    expect(sum(mentionsPerShard)).toBe(300);
    expect(mentionsPerShard.every((n) => n > 0)).toBe(true);
    expect(sum(await perShard('SELECT count() AS n FROM mentions_local FINAL WHERE enriched_at_ms = 2'))).toBe(150);
    expect(sum(await perShard('SELECT count() AS n FROM brand_rollup_1m_local FINAL'))).toBe(30);
    expect(sum(await perShard('SELECT count() AS n FROM schema_migrations_local'))).toBe(names.length);
    for (const node of nodes) {
      expect(await count(node, 'SELECT count() AS n FROM mentions FINAL')).toBe(300);
      expect(await count(node, 'SELECT count() AS n FROM mentions FINAL WHERE enriched_at_ms = 2')).toBe(150);
      expect(await count(node, 'SELECT count() AS n FROM v_mentions')).toBe(300);
      expect(await count(node, 'SELECT sum(mentions) AS n FROM v_unique_authors_daily')).toBe(300);
      expect(await count(node, 'SELECT sum(authors) AS n FROM v_unique_authors_daily')).toBe(150);
      expect(await count(node, 'SELECT count() AS n FROM v_brand_volume_1m')).toBe(30);
      expect(await count(node, 'SELECT sum(mentions) AS n FROM v_share_of_voice_hourly')).toBe(expectedRollupMentions);
      expect(await count(node, 'SELECT count() AS n FROM v_needs_response')).toBe(300);
    }

    // Erasure on the cluster: an author's 4 mentions (two rows each, a replayed batch) leave every
    // replica's local table; the request is recorded once; the other 300 mentions stay.
    const secret = 'a-cluster-test-pseudonym-secret';
    const erasedKey = createPseudonymizer(secret)('erased_author');
    await n0.insert('mentions', mentionsOf(1000, 1004, 1).map((m) => toMentionRow({ ...m, author_handle_key: erasedKey })));
    await n1.insert('mentions', mentionsOf(1000, 1004, 2).map((m) => toMentionRow({ ...m, author_handle_key: erasedKey })));
    const erase = await cli({ CLICKHOUSE_URL: url1, CLICKHOUSE_DATABASE: DATABASE, PSEUDONYM_SECRET: secret }, 'erase', '--author', '@erased_author', '--cluster', CLUSTER, '--json');
    expect([erase.code, erase.stderr]).toEqual([0, '']);
    expect(JSON.parse(erase.stdout)).toEqual({ author: '@erased_author', kind: 'handle', key: erasedKey, removed: { mentions: 4, alerts: 0 } });
    for (const node of nodes) await node.command(`SYSTEM SYNC REPLICA ${DATABASE}.mentions_local`);
    expect(sum(await perShard(`SELECT count() AS n FROM mentions_local WHERE author_handle_key = '${erasedKey}'`))).toBe(0);
    expect(sum(await perShard('SELECT count() AS n FROM mentions_local FINAL'))).toBe(300);
    for (const node of nodes) expect(await count(node, `SELECT count() AS n FROM erasures FINAL WHERE subject_key = '${erasedKey}'`)).toBe(1);
  }, 180_000);
});
