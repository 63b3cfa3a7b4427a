// A Kysely dialect over node:sqlite (no native build). Two things differ from Kysely's stock
// SQLite driver: statements are adapted to node:sqlite's API, and write transactions begin
// IMMEDIATE, so that several processes on one file queue on the busy timeout instead of failing
// with SQLITE_BUSY when a read transaction tries to upgrade to a write.
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';

type SqliteValue = null | number | bigint | string | NodeJS.ArrayBufferView;

/** How many prepared statements a connection keeps: Kysely's SQL is the same text each time, but
 * an `in (?, ?, …)` list makes one text per length, so the oldest are let go past this. */
const statementCacheSize = 100;

interface CachedStatement {
  statement: StatementSync;
  /** Fixed by the SQL text (a query, or a write with `returning`), so read once. */
  returnsRows: boolean;
}

class NodeSqliteConnection implements DatabaseConnection {
  readonly database: DatabaseSync;
  // Preparing is most of a small query's cost (a run makes some 800, the same few texts). Reuse
  // is safe: `all` and `run` step a statement to its end and reset it before returning (throwing
  // or not), so a cached statement never holds a read open between queries, and one connection
  // runs one query at a time (the driver's queue). SQLite re-prepares a statement itself when
  // the schema changes. Closing the database finalizes them all, and the cache goes with the
  // connection.
  readonly #statements = new Map<string, CachedStatement>();

  constructor(database: DatabaseSync) {
    this.database = database;
  }

  async executeQuery<Row>(compiledQuery: CompiledQuery): Promise<QueryResult<Row>> {
    const { statement, returnsRows } = this.#prepared(compiledQuery.sql);
    const parameters = compiledQuery.parameters.map(toSqliteValue);
    if (returnsRows) {
      return { rows: statement.all(...parameters) as Row[] };
    }
    const { changes, lastInsertRowid } = statement.run(...parameters);
    return {
      rows: [],
      numAffectedRows: BigInt(changes),
      insertId: BigInt(lastInsertRowid),
    };
  }

  #prepared(sql: string): CachedStatement {
    const cached = this.#statements.get(sql);
    if (cached) {
      // Most recently used last: the first in the map is the one to let go.
      this.#statements.delete(sql);
      this.#statements.set(sql, cached);
      return cached;
    }
    const statement = this.database.prepare(sql);
    const prepared = { statement, returnsRows: statement.columns().length > 0 };
    this.#statements.set(sql, prepared);
    if (this.#statements.size > statementCacheSize) {
      this.#statements.delete(this.#statements.keys().next().value as string);
    }
    return prepared;
  }

  // biome-ignore lint/correctness/useYield: streaming is not used by baton; refuse clearly.
  async *streamQuery<Row>(): AsyncIterableIterator<QueryResult<Row>> {
    throw new Error('streaming queries are not supported on node:sqlite');
  }
}

function toSqliteValue(value: unknown): SqliteValue {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value === undefined) return null;
  return value as SqliteValue;
}

/**
 * One connection per process, used by one query or transaction at a time. Inside a transaction,
 * query through the transaction object: a query on the outer Kysely instance would wait for the
 * transaction to release the connection, which it never does.
 */
class NodeSqliteDriver implements Driver {
  readonly #open: () => DatabaseSync;
  #connection: NodeSqliteConnection | undefined;
  #queue: Promise<void> = Promise.resolve();
  #releaseCurrent: (() => void) | undefined;

  constructor(open: () => DatabaseSync) {
    this.#open = open;
  }

  async init(): Promise<void> {
    this.#connection = new NodeSqliteConnection(this.#open());
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const previous = this.#queue;
    let release!: () => void;
    this.#queue = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    this.#releaseCurrent = release;
    return this.#connection!;
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async releaseConnection(): Promise<void> {
    const release = this.#releaseCurrent;
    this.#releaseCurrent = undefined;
    release?.();
  }

  async destroy(): Promise<void> {
    this.#connection?.database.close();
    this.#connection = undefined;
  }
}

export class NodeSqliteDialect implements Dialect {
  readonly #open: () => DatabaseSync;

  constructor(open: () => DatabaseSync) {
    this.#open = open;
  }

  createDriver(): Driver {
    return new NodeSqliteDriver(this.#open);
  }

  createQueryCompiler() {
    return new SqliteQueryCompiler();
  }

  createAdapter() {
    return new SqliteAdapter();
  }

  // biome-ignore lint/suspicious/noExplicitAny: Kysely's introspector takes any database type.
  createIntrospector(database: Kysely<any>) {
    return new SqliteIntrospector(database);
  }
}
