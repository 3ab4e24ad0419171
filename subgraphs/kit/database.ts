import pg from 'pg';
import { loggerFor } from '@govgraph/observability';
import { copyIn } from './copyIn';

/**
 * A subgraph's handle on its own database: a pg pool that parses types the way the schema
 * exposes them and counts statements, so tests can prove batching (one statement per batch).
 */
export interface Database {
  /**
   * One statement on a pooled connection. `prepared` names it: each connection parses and plans it once and
   * then only binds (for statements on every request's path; the name must always carry the same text).
   */
  query<Row>(text: string, values?: readonly unknown[], options?: { prepared?: string }): Promise<Row[]>;
  /** Runs `work` on one pooled connection inside BEGIN … COMMIT; any error rolls back and is rethrown. */
  transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T>;
  /** `COPY … FROM STDIN` of `data` (COPY text format) on a pooled connection: one statement, committed when it resolves. */
  copyIn(statement: string, data: string): Promise<void>;
  /** Statements sent since the database was opened (or since the last `resetStatementCount`). */
  readonly statementCount: number;
  resetStatementCount(): void;
  readonly pool: pg.Pool;
  close(): Promise<void>;
}

const { builtins } = pg.types;

/**
 * DATE stays 'YYYY-MM-DD' (pg would make a local-midnight Date of it), TIMESTAMPTZ becomes an ISO
 * string in UTC, NUMERIC (money, capital) becomes a number: amounts here fit a double exactly.
 */
const typeParsers: Partial<Record<number, (value: string) => unknown>> = {
  [builtins.DATE]: (value) => value,
  [builtins.TIMESTAMPTZ]: (value) => new Date(value).toISOString(),
  [builtins.NUMERIC]: (value) => Number(value),
  [builtins.INT8]: (value) => Number(value),
};

const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    typeParsers[oid] ?? pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

export interface OpenDatabaseOptions {
  connectionString: string;
  /** Shown in pool error logs, e.g. the agency name. */
  name: string;
  max?: number;
  onError?: (error: Error) => void;
}

export function openDatabase(options: OpenDatabaseOptions): Database {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    types,
    application_name: `govgraph-${options.name}`,
  });
  // A client losing its connection emits 'error': an idle one on the pool, a checked-out one (held for a
  // transaction between its statements) on itself. Unhandled, either kills the process; its statements fail anyway.
  const lost = options.onError ?? ((error: Error) => loggerFor(options.name).error({ error: error.message }, 'database connection lost'));
  pool.on('error', lost);
  pool.on('connect', (client) => client.on('error', lost));

  let statementCount = 0;
  return {
    pool,
    get statementCount() {
      return statementCount;
    },
    resetStatementCount() {
      statementCount = 0;
    },
    async query<Row>(text: string, values?: readonly unknown[], options?: { prepared?: string }) {
      statementCount += 1;
      const result = options?.prepared
        ? await pool.query({ name: options.prepared, text, values: values as unknown[] | undefined })
        : await pool.query(text, values as unknown[] | undefined);
      return result.rows as Row[];
    },
    async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(client);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async copyIn(statement: string, data: string) {
      statementCount += 1;
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await copyIn(client, statement, data);
      } catch (error) {
        // A connection that broke mid-COPY is not given back to the pool as if healthy; a refused COPY is.
        if (!(error instanceof Object && 'severity' in error)) broken = error as Error;
        throw error;
      } finally {
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}
