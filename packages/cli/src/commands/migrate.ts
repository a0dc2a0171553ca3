// `mentions migrate`: applies schemas/clickhouse to CLICKHOUSE_URL as the stack's setup does (each
// migration once, recorded in schema_migrations), or, with --cluster NAME, the same migrations
// rendered ON CLUSTER (Replicated* tables <t>_local on every node, a Distributed table <t> over
// them: docs/SCALING.md). Safe to repeat; --print shows the DDL without connecting.
import { type Command, InvalidArgumentError } from 'commander';
import {
  clickhouseSpec, createClickHouse, emptySchema, migrate, quoteIdentifier, readConfig, readMigrations, renderClusterBootstrap, renderClusterMigrations,
  SCHEMA_MIGRATIONS_DDL, type ClickHouse, type ClusterTarget,
} from '@mentions/runtime';
import { rerunningDdlInDoubt } from '../ddl-in-doubt.ts';

interface MigrateFlags { cluster?: string; print?: boolean; json?: boolean }

// ON CLUSTER DDL waits for every node (the server gives up after its distributed_ddl_task_timeout, 180 s by default).
const DDL_TIMEOUT_MS = 200_000;
const DDL_ATTEMPTS = 4;

/** A cluster name as in remote_servers (an identifier); also erase's --cluster. */
export function clusterName(text: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(text)) throw new InvalidArgumentError(`a cluster name is an identifier (letters, digits, _) as in remote_servers, got '${text}'`);
  return text;
}

/** The statements `migrate` would run on an empty server, in order. */
export function migrationPlan(database: string, cluster?: string): Array<{ name: string; statements: string[] }> {
  const migrations = readMigrations();
  if (!cluster) {
    return [{ name: 'setup', statements: [`CREATE DATABASE IF NOT EXISTS ${quoteIdentifier(database)}`, SCHEMA_MIGRATIONS_DDL] }, ...migrations];
  }
  const target: ClusterTarget = { cluster, database };
  const schema = emptySchema();
  return [{ name: 'setup', statements: renderClusterBootstrap(target, schema) }, ...renderClusterMigrations(migrations, target, schema)];
}

export function formatPlan(plan: ReturnType<typeof migrationPlan>): string {
  return plan.map((m) => `-- ${m.name}\n${m.statements.map((s) => `${s};\n`).join('\n')}`).join('\n');
}

export function addMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('Apply the ClickHouse migrations (schemas/clickhouse) to one server, or ON CLUSTER with replicated and Distributed tables.')
    .option('--cluster <name>', 'render ON CLUSTER <name> DDL: Replicated* tables <t>_local on every node, a Distributed table <t> over them, views over those', clusterName)
    .option('--print', 'print the DDL of every migration instead of applying it (connects to nothing)')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', '\nEnvironment: CLICKHOUSE_URL (any node of the cluster), CLICKHOUSE_DATABASE, CLICKHOUSE_USER, CLICKHOUSE_PASSWORD (as the services).')
    .action(async (flags: MigrateFlags) => {
      const config = readConfig(clickhouseSpec);
      if (flags.print) {
        process.stdout.write(formatPlan(migrationPlan(config.CLICKHOUSE_DATABASE, flags.cluster)));
        return;
      }
      const connect = (database: string) => rerunningDdlInDoubt(createClickHouse({
        url: config.CLICKHOUSE_URL, database, username: config.CLICKHOUSE_USER, password: config.CLICKHOUSE_PASSWORD, requestTimeoutMs: DDL_TIMEOUT_MS,
        // A new connection per statement: while one client waits seconds on an ON CLUSTER DDL the
        // other's socket idles past the server's keep_alive_timeout.
        keepAlive: false,
      }), {
        // A connection broken before the answer leaves the statement in doubt, see ddl-in-doubt.ts.
        // (The cluster test's "socket hang up"s in CI were a node crashing: infra/cluster/cluster.sh.)
        attempts: DDL_ATTEMPTS,
        delayMs: (attempt) => 1000 * attempt,
        onRetry: (statement, err, attempt) => process.stderr.write(`mentions: ${err.message} on attempt ${attempt} of ${DDL_ATTEMPTS}, running again: ${statement.split('\n')[0]!.slice(0, 120)}\n`),
      });
      const admin = connect('default');
      const ch = connect(config.CLICKHOUSE_DATABASE);
      try {
        const result = await named(config.CLICKHOUSE_URL, config.CLICKHOUSE_DATABASE, () => apply(ch, admin, flags.cluster));
        if (flags.json) process.stdout.write(`${JSON.stringify({ database: config.CLICKHOUSE_DATABASE, cluster: flags.cluster ?? null, ...result })}\n`);
        else {
          for (const name of result.applied) process.stdout.write(`applied ${name}\n`);
          process.stdout.write(`${config.CLICKHOUSE_DATABASE}${flags.cluster ? ` on cluster ${flags.cluster}` : ''}: ${result.applied.length} applied, ${result.skipped.length} already applied\n`);
        }
      } finally {
        await Promise.all([ch.close(), admin.close()]);
      }
    });
}

async function apply(ch: ClickHouse, admin: ClickHouse, cluster?: string) {
  if (!cluster) return migrate(ch, admin);
  const target: ClusterTarget = { cluster, database: ch.database };
  const schema = emptySchema();
  const [createDatabase, ...bookkeeping] = renderClusterBootstrap(target, schema);
  await admin.command(createDatabase!);
  for (const statement of bookkeeping) await ch.command(statement);
  // schema_migrations now exists (Distributed), so migrate() skips its single-node CREATE and
  // reads and records applied versions through it, on whichever node it is connected to.
  return migrate(ch, admin, renderClusterMigrations(readMigrations(), target, schema));
}

async function named<T>(url: string, database: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    const e = err as Error & { code?: string };
    const where = `ClickHouse at ${url} (database ${database})`;
    if (e.code && /^E[A-Z]+$/.test(e.code)) throw new Error(`${where} is unreachable: ${e.message || e.code}`, { cause: err });
    throw new Error(`${where}: ${e.message.split('\n')[0]}`, { cause: err });
  }
}
