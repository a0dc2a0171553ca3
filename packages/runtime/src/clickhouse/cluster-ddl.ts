// Renders the project's single-node migrations as ON CLUSTER DDL for ClickHouse 18.16 and later.
// Rule: every MergeTree-family table `t` becomes a Replicated* table `t_local` on every node
// (ZooKeeper path /clickhouse/tables/{shard}/<db>.t, replica '{replica}' from each node's macros)
// plus a Distributed table under the original name `t` over it, sharded by a hash of its sorting
// key; so writers, readers and views keep addressing `t`. All versions of one row share their
// sorting key, hence their shard, and FINAL (which runs on each shard) still keeps one row per key.
// Views are created on every node over the Distributed tables. Names are written qualified with the
// database, because ON CLUSTER DDL runs on the other nodes in their default database.
import type { Migration } from './migrations.ts';

export interface ClusterTarget {
  /** The cluster's name in the servers' remote_servers. */
  cluster: string;
  database: string;
}

/** Suffix of the replicated table under each Distributed table. */
export const LOCAL_SUFFIX = '_local';

/** The migration runner's bookkeeping table, as runtime's migrate() creates it on one node. */
export const SCHEMA_MIGRATIONS_DDL =
  'CREATE TABLE IF NOT EXISTS schema_migrations (version UInt32, name String, checksum String, applied_at DateTime) ENGINE = MergeTree ORDER BY version';

/** What the statements of earlier migrations created, which later statements depend on. */
export interface ClusterSchema {
  /** Replicated tables by logical name → their Distributed sharding key. */
  tables: Map<string, string>;
  views: Set<string>;
}

export const emptySchema = (): ClusterSchema => ({ tables: new Map(), views: new Set() });

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

export class ClusterDdlError extends Error {
  override name = 'ClusterDdlError';
}

export function checkTarget(target: ClusterTarget): void {
  if (!IDENTIFIER.test(target.cluster)) throw new ClusterDdlError(`cluster name must be an identifier (letters, digits, _), got '${target.cluster}'`);
  if (!IDENTIFIER.test(target.database)) throw new ClusterDdlError(`database name must be an identifier (letters, digits, _), got '${target.database}'`);
}

/**
 * The statements to run before any migration on a cluster: the database on every node and the
 * runner's bookkeeping table, replicated and Distributed like the others (runtime's migrate()
 * then finds `schema_migrations` existing and reads and writes it through the Distributed table).
 */
export function renderClusterBootstrap(target: ClusterTarget, schema: ClusterSchema = emptySchema()): string[] {
  checkTarget(target);
  return [`CREATE DATABASE IF NOT EXISTS ${target.database} ON CLUSTER ${target.cluster}`, ...renderClusterStatement(SCHEMA_MIGRATIONS_DDL, target, schema)];
}

/** Every migration with its statements rendered for the cluster; versions, names and checksums are kept. */
export function renderClusterMigrations(migrations: readonly Migration[], target: ClusterTarget, schema: ClusterSchema = emptySchema()): Migration[] {
  checkTarget(target);
  return migrations.map((m) => {
    try {
      return { ...m, statements: m.statements.flatMap((s) => renderClusterStatement(s, target, schema)) };
    } catch (err) {
      if (err instanceof ClusterDdlError) throw new ClusterDdlError(`${m.name}: ${err.message}`);
      throw err;
    }
  });
}

/** One single-node statement as the cluster statements that replace it; records what it creates in `schema`. */
export function renderClusterStatement(statement: string, target: ClusterTarget, schema: ClusterSchema): string[] {
  const text = statement.trim();
  let m: RegExpMatchArray | null;
  if ((m = text.match(/^CREATE\s+TABLE\s+(IF\s+NOT\s+EXISTS\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*\(/i))) return renderCreateTable(text, m[2]!, m[0].length - 1, target, schema);
  if ((m = text.match(/^CREATE\s+VIEW\s+(IF\s+NOT\s+EXISTS\s+)?([A-Za-z_][A-Za-z0-9_]*)\s+AS\s+([\s\S]+)$/i))) {
    const name = m[2]!;
    schema.views.add(name);
    return [`CREATE VIEW ${m[1] ? 'IF NOT EXISTS ' : ''}${target.database}.${name} ON CLUSTER ${target.cluster} AS ${qualifyTables(m[3]!, target.database, schema)}`];
  }
  if ((m = text.match(/^ALTER\s+TABLE\s+([A-Za-z_][A-Za-z0-9_]*)\s+([\s\S]+)$/i))) {
    const name = m[1]!;
    const key = schema.tables.get(name);
    if (key === undefined) throw new ClusterDdlError(`ALTER TABLE ${name}: no earlier migration creates a MergeTree table ${name}`);
    // 18.16 refuses ALTER ON CLUSTER of a non-replicated table on a replicated shard, and a
    // Distributed table holds no rows (inserts are synchronous): it is re-created over the altered one.
    return [
      `ALTER TABLE ${target.database}.${name}${LOCAL_SUFFIX} ON CLUSTER ${target.cluster} ${m[2]}`,
      `DROP TABLE IF EXISTS ${target.database}.${name} ON CLUSTER ${target.cluster}`,
      distributedDdl(name, key, target),
    ];
  }
  if ((m = text.match(/^DROP\s+TABLE\s+(IF\s+EXISTS\s+)?([A-Za-z_][A-Za-z0-9_]*)$/i))) {
    const [, ifExists = '', name = ''] = m;
    const drop = (table: string) => `DROP TABLE ${ifExists ? 'IF EXISTS ' : ''}${target.database}.${table} ON CLUSTER ${target.cluster}`;
    if (schema.tables.delete(name)) return [drop(name), drop(name + LOCAL_SUFFIX)];
    schema.views.delete(name);
    return [drop(name)];
  }
  throw new ClusterDdlError(
    `cannot render for a cluster (supported: CREATE TABLE with a MergeTree-family engine, CREATE VIEW, ALTER TABLE, DROP TABLE): ${text.slice(0, 80).replace(/\s+/g, ' ')}`,
  );
}

function renderCreateTable(text: string, name: string, openParen: number, target: ClusterTarget, schema: ClusterSchema): string[] {
  const closeParen = matchingParen(text, openParen);
  const columns = text.slice(openParen, closeParen + 1);
  const rest = text.slice(closeParen + 1).trim();
  const engine = rest.match(/^ENGINE\s*=\s*([A-Za-z]*)MergeTree\b\s*/i);
  if (!engine || /^Replicated/i.test(engine[1]!)) throw new ClusterDdlError(`CREATE TABLE ${name}: only non-replicated MergeTree-family engines can be rendered replicated, got ${rest.slice(0, 40)}`);
  let afterEngine = rest.slice(engine[0].length);
  let args: string[] = [];
  if (afterEngine.startsWith('(')) {
    const close = matchingParen(afterEngine, 0);
    const inner = afterEngine.slice(1, close).trim();
    if (inner) args = [inner];
    afterEngine = afterEngine.slice(close + 1).trim();
  }
  const orderBy = sortingKey(afterEngine, name);
  const shardingKey = `cityHash64(${orderBy.join(', ')})`;
  const zkPath = `'/clickhouse/tables/{shard}/${target.database}.${name}'`;
  const replicated = `ENGINE = Replicated${engine[1]}MergeTree(${[zkPath, "'{replica}'", ...args].join(', ')})`;
  const ifNotExists = /^CREATE\s+TABLE\s+IF\s+NOT\s+EXISTS/i.test(text) ? 'IF NOT EXISTS ' : '';
  schema.tables.set(name, shardingKey);
  return [
    `CREATE TABLE ${ifNotExists}${target.database}.${name}${LOCAL_SUFFIX} ON CLUSTER ${target.cluster} ${columns} ${replicated}${afterEngine ? ` ${afterEngine}` : ''}`,
    distributedDdl(name, shardingKey, target, ifNotExists),
  ];
}

function distributedDdl(name: string, shardingKey: string, target: ClusterTarget, ifNotExists = ''): string {
  const { database: db, cluster } = target;
  return `CREATE TABLE ${ifNotExists}${db}.${name} ON CLUSTER ${cluster} AS ${db}.${name}${LOCAL_SUFFIX} ENGINE = Distributed(${cluster}, ${db}, ${name}${LOCAL_SUFFIX}, ${shardingKey})`;
}

/** The columns of `ORDER BY a` or `ORDER BY (a, b)` in the clauses after the engine. */
function sortingKey(clauses: string, table: string): string[] {
  const m = clauses.match(/\bORDER\s+BY\s+/i);
  if (!m) throw new ClusterDdlError(`CREATE TABLE ${table}: no ORDER BY to derive the sharding key from`);
  const start = m.index! + m[0].length;
  let expr: string;
  if (clauses[start] === '(') expr = clauses.slice(start + 1, matchingParen(clauses, start));
  else expr = clauses.slice(start).split(/\s+(?:PARTITION\s+BY|PRIMARY\s+KEY|SAMPLE\s+BY|TTL|SETTINGS)\b/i)[0]!;
  const columns = splitTopLevel(expr).map((c) => c.trim()).filter(Boolean);
  if (columns.length === 0 || columns.some((c) => /^tuple\(\s*\)$/i.test(c))) throw new ClusterDdlError(`CREATE TABLE ${table}: an empty sorting key gives no sharding key`);
  return columns;
}

/** Index of the parenthesis closing the one at `open`, skipping string literals. */
function matchingParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === "'") i = endOfLiteral(text, i);
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  throw new ClusterDdlError(`unbalanced parentheses in: ${text.slice(open, open + 60)}`);
}

function endOfLiteral(text: string, quote: number): number {
  for (let i = quote + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === "'") return i;
  }
  throw new ClusterDdlError(`unterminated string literal in: ${text.slice(quote, quote + 60)}`);
}

function splitTopLevel(expr: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i];
    if (c === "'") i = endOfLiteral(expr, i);
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(expr.slice(from, i));
      from = i + 1;
    }
  }
  parts.push(expr.slice(from));
  return parts;
}

/** `FROM t` / `JOIN t` → `FROM db.t` for the tables and views earlier statements created; string literals untouched. */
function qualifyTables(select: string, database: string, schema: ClusterSchema): string {
  let out = '';
  let from = 0;
  const rewrite = (code: string) =>
    code.replace(/\b(FROM|JOIN)(\s+)([A-Za-z_][A-Za-z0-9_]*)\b(?!\s*[.(])/gi, (whole, keyword: string, space: string, name: string) =>
      schema.tables.has(name) || schema.views.has(name) ? `${keyword}${space}${database}.${name}` : whole);
  for (let i = 0; i < select.length; i++) {
    if (select[i] !== "'") continue;
    const end = endOfLiteral(select, i);
    out += rewrite(select.slice(from, i)) + select.slice(i, end + 1);
    from = end + 1;
    i = end;
  }
  return out + rewrite(select.slice(from));
}
