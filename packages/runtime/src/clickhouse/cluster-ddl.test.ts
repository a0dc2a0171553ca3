import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SCHEMA_MIGRATIONS_DDL, emptySchema, renderClusterBootstrap, renderClusterMigrations, renderClusterStatement } from './cluster-ddl.ts';
import { readMigrations, splitStatements, type Migration } from './migrations.ts';

const target = { cluster: 'c1', database: 'db' };

const sample: Migration = {
  version: 1,
  name: '0001_sample',
  checksum: 'abc',
  statements: splitStatements(`
-- rows replaced by version
CREATE TABLE IF NOT EXISTS events (
  k String,
  at DateTime,
  note Nullable(String) DEFAULT 'a (b)',
  version UInt64
) ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(at)
ORDER BY (k, at);

CREATE VIEW IF NOT EXISTS v_events AS SELECT k, count() AS n FROM events FINAL WHERE note != 'FROM events' GROUP BY k;

ALTER TABLE events ADD COLUMN extra UInt8 DEFAULT 1;

DROP TABLE IF EXISTS v_events;

CREATE TABLE log (x UInt32) ENGINE = MergeTree ORDER BY x SETTINGS index_granularity = 8192;
`),
};

describe('renderClusterMigrations', () => {
  it('renders a sample migration as exact ON CLUSTER DDL: replicated local tables, Distributed tables under the original names, views over them', () => {
    const [rendered] = renderClusterMigrations([sample], target);
    expect(rendered).toEqual({ ...sample, statements: [
      `CREATE TABLE IF NOT EXISTS db.events_local ON CLUSTER c1 (
  k String,
  at DateTime,
  note Nullable(String) DEFAULT 'a (b)',
  version UInt64
) ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/db.events', '{replica}', version) PARTITION BY toYYYYMM(at)
ORDER BY (k, at)`,
      'CREATE TABLE IF NOT EXISTS db.events ON CLUSTER c1 AS db.events_local ENGINE = Distributed(c1, db, events_local, cityHash64(k, at))',
      "CREATE VIEW IF NOT EXISTS db.v_events ON CLUSTER c1 AS SELECT k, count() AS n FROM db.events FINAL WHERE note != 'FROM events' GROUP BY k",
      'ALTER TABLE db.events_local ON CLUSTER c1 ADD COLUMN extra UInt8 DEFAULT 1',
      'DROP TABLE IF EXISTS db.events ON CLUSTER c1',
      'CREATE TABLE db.events ON CLUSTER c1 AS db.events_local ENGINE = Distributed(c1, db, events_local, cityHash64(k, at))',
      'DROP TABLE IF EXISTS db.v_events ON CLUSTER c1',
      "CREATE TABLE db.log_local ON CLUSTER c1 (x UInt32) ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/db.log', '{replica}') ORDER BY x SETTINGS index_granularity = 8192",
      'CREATE TABLE db.log ON CLUSTER c1 AS db.log_local ENGINE = Distributed(c1, db, log_local, cityHash64(x))',
    ] });
  });

  it('bootstraps the database and the runner bookkeeping table on every node', () => {
    expect(renderClusterBootstrap(target)).toEqual([
      'CREATE DATABASE IF NOT EXISTS db ON CLUSTER c1',
      "CREATE TABLE IF NOT EXISTS db.schema_migrations_local ON CLUSTER c1 (version UInt32, name String, checksum String, applied_at DateTime) ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/db.schema_migrations', '{replica}') ORDER BY version",
      'CREATE TABLE IF NOT EXISTS db.schema_migrations ON CLUSTER c1 AS db.schema_migrations_local ENGINE = Distributed(c1, db, schema_migrations_local, cityHash64(version))',
    ]);
  });

  it("renders the runner's own bookkeeping table, as migrations.ts creates it", () => {
    expect(readFileSync(new URL('./migrations.ts', import.meta.url), 'utf8')).toContain(`'${SCHEMA_MIGRATIONS_DDL}'`);
  });

  it('drops both tables of a replicated table', () => {
    const schema = emptySchema();
    renderClusterStatement('CREATE TABLE t (x UInt8) ENGINE = MergeTree ORDER BY x', target, schema);
    expect(renderClusterStatement('DROP TABLE t', target, schema)).toEqual(['DROP TABLE db.t ON CLUSTER c1', 'DROP TABLE db.t_local ON CLUSTER c1']);
    expect(schema.tables.has('t')).toBe(false);
  });

  it('renders every project migration, keeping versions, names and checksums; every view reads qualified names', () => {
    const source = readMigrations();
    const rendered = renderClusterMigrations(source, { cluster: 'mentions_cluster', database: 'mentions' });
    expect(rendered.map(({ version, name, checksum }) => ({ version, name, checksum }))).toEqual(source.map(({ version, name, checksum }) => ({ version, name, checksum })));
    const all = rendered.flatMap((m) => m.statements);
    for (const s of all) expect(s).toMatch(/^(CREATE|ALTER|DROP) \S+ (IF (NOT )?EXISTS )?mentions\.\w+ ON CLUSTER mentions_cluster( |$)/);
    for (const s of all.filter((x) => x.startsWith('CREATE VIEW'))) expect(s.match(/\b(FROM|JOIN)\s+(?!\(|mentions\.)\w+/g), s.slice(0, 60)).toBeNull();
    expect(all).toContain(
      'CREATE TABLE IF NOT EXISTS mentions.mentions ON CLUSTER mentions_cluster AS mentions.mentions_local ENGINE = Distributed(mentions_cluster, mentions, mentions_local, cityHash64(competitive_set, brand, created_at, mention_id))',
    );
  });
});

describe('what the renderer refuses, naming the statement', () => {
  const render = (statement: string) => () => renderClusterStatement(statement, target, emptySchema());
  it.each([
    ['CREATE TABLE t (x UInt8) ENGINE = Log', /only non-replicated MergeTree-family engines.*ENGINE = Log/],
    ["CREATE TABLE t (x UInt8) ENGINE = ReplicatedMergeTree('/p', 'r') ORDER BY x", /only non-replicated MergeTree-family/],
    ['CREATE TABLE t (x UInt8) ENGINE = MergeTree ORDER BY tuple()', /empty sorting key gives no sharding key/],
    ['CREATE TABLE t (x UInt8) ENGINE = MergeTree PARTITION BY x', /no ORDER BY to derive the sharding key/],
    ['ALTER TABLE nope ADD COLUMN y UInt8', /ALTER TABLE nope: no earlier migration creates a MergeTree table nope/],
    ['CREATE MATERIALIZED VIEW mv ENGINE = MergeTree ORDER BY x AS SELECT 1 AS x', /cannot render for a cluster .*: CREATE MATERIALIZED VIEW mv/],
    ['OPTIMIZE TABLE t FINAL', /cannot render for a cluster/],
  ])('%s', (statement, error) => expect(render(statement)).toThrow(error));

  it('names the migration and checks the target names', () => {
    expect(() => renderClusterMigrations([{ ...sample, statements: ['INSERT INTO t VALUES (1)'] }], target)).toThrow(/^0001_sample: cannot render for a cluster/);
    expect(() => renderClusterMigrations([sample], { cluster: 'my-cluster', database: 'db' })).toThrow("cluster name must be an identifier (letters, digits, _), got 'my-cluster'");
    expect(() => renderClusterBootstrap({ cluster: 'c', database: 'a.b' })).toThrow("database name must be an identifier (letters, digits, _), got 'a.b'");
  });
});
