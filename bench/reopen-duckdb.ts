/**
 * The embedded-database side of the `reopen` bench: the same run's trace and logs loaded into a
 * DuckDB file (`@duckdb/node-api`, a devDependency for this bench only), the fields the index keeps
 * as columns; and, run as a script in a fresh process, that file opened again and queried.
 *
 *   node --import jiti/register bench/reopen-duckdb.ts <database file>
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { fileURLToPath } from 'node:url';
import type { Elapsed } from './reopen-child';

export interface DuckDbReopenFigures {
  /** From opening the database file to the first 200 spans (by start time) in hand. */
  firstScreen: Elapsed;
  /** To a span found by id and a page of logs from the middle. */
  queryable: Elapsed;
  /** Then a search over every span's path and totals per node. */
  heavyQueriesMs: number;
  rssBytes: number;
  spanCount: number;
}

const quoted = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** Loads trace.jsonl and logs.jsonl into a new database file: DuckDB's "first open". */
export async function loadIntoDuckDb(
  databaseFile: string,
  tracePath: string,
  logsPath: string,
): Promise<void> {
  const instance = await DuckDBInstance.create(databaseFile);
  const connection = await instance.connect();
  try {
    await connection.run(`
      CREATE TABLE spans AS
      SELECT name, context.trace_id AS trace_id, context.span_id AS span_id, parent_id,
             start_time::TIMESTAMP AS start_time, end_time::TIMESTAMP AS end_time,
             status.status_code AS status,
             attributes->>'$."dad.generic.node_id"' AS node_id,
             attributes->>'$."dad.generic.node_type"' AS node_type,
             attributes->>'$."dad.generic.node_hierarchy"' AS node_hierarchy,
             attributes->>'$."dad.generic.component_hierarchy"' AS component_hierarchy,
             TRY_CAST(attributes->>'$."dad.node_internal.cost"' AS DOUBLE) AS cost
      FROM read_json(${quoted(tracePath)}, format = 'newline_delimited', columns = {
        name: 'VARCHAR', context: 'STRUCT(trace_id VARCHAR, span_id VARCHAR)', parent_id: 'VARCHAR',
        start_time: 'VARCHAR', end_time: 'VARCHAR', status: 'STRUCT(status_code VARCHAR)', attributes: 'JSON'
      })`);
    await connection.run(`
      CREATE TABLE logs AS
      SELECT row_number() OVER () AS line, timestamp::TIMESTAMP AS timestamp, severity_number,
             attributes->>'$.node_id' AS node_id, trace_id, span_id
      FROM read_json(${quoted(logsPath)}, format = 'newline_delimited', columns = {
        timestamp: 'VARCHAR', severity_number: 'INTEGER', attributes: 'JSON', trace_id: 'VARCHAR', span_id: 'VARCHAR'
      })`);
    await connection.run('CHECKPOINT');
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

async function reopen(databaseFile: string): Promise<DuckDbReopenFigures> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const elapsed = (): Elapsed => {
    const used = process.cpuUsage(cpu);
    return { wallMs: performance.now() - started, cpuMs: (used.user + used.system) / 1000 };
  };
  const instance = await DuckDBInstance.create(databaseFile, { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  const first = await connection.runAndReadAll(
    'SELECT span_id, name, node_id, start_time, end_time, status FROM spans ORDER BY start_time, span_id LIMIT 200',
  );
  if (first.getRows().length !== 200) throw new Error('DuckDB gave fewer than 200 spans');
  const firstScreen = elapsed();
  const count = await connection.runAndReadAll('SELECT count(*) FROM spans');
  const middle = await connection.runAndReadAll('SELECT span_id FROM spans LIMIT 1 OFFSET 500000');
  const spanId = String(middle.getRows()[0]?.[0] ?? '');
  await connection.runAndReadAll(`SELECT * FROM spans WHERE span_id = ${quoted(spanId)}`);
  await connection.runAndReadAll('SELECT * FROM logs ORDER BY line LIMIT 500 OFFSET 500000');
  const queryable = elapsed();
  const heavyStarted = performance.now();
  await connection.runAndReadAll(
    "SELECT span_id FROM spans WHERE contains(node_hierarchy, 'iter_42.') ORDER BY start_time LIMIT 200",
  );
  await connection.runAndReadAll(
    'SELECT node_id, count(*), sum(epoch_us(end_time) - epoch_us(start_time)), sum(cost) FROM spans GROUP BY node_id',
  );
  const heavyQueriesMs = performance.now() - heavyStarted;
  connection.closeSync();
  instance.closeSync();
  return {
    firstScreen,
    queryable,
    heavyQueriesMs,
    rssBytes: process.memoryUsage().rss,
    spanCount: Number(count.getRows()[0]?.[0] ?? 0),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [databaseFile] = process.argv.slice(2);
  reopen(databaseFile ?? '')
    .then((figures) => process.stdout.write(JSON.stringify(figures) + '\n'))
    .catch((error: unknown) => {
      process.stderr.write(
        `DuckDB re-open failed: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      process.exitCode = 1;
    });
}
