// What every store function reads and writes through: a connection (the store's, or a
// transaction's) and the project key whose rows it may see. Several repositories can share one
// store (a Postgres database, a SQLite file outside the repository); each row carries its
// project's key and every query filters by it, so they never see each other's claims, pool,
// runs or usage. The key itself is chosen above the store (src/workspace/project-key.ts).
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.ts';

export type Executor = Kysely<Database> | Transaction<Database>;

export interface StoreScope {
  readonly db: Executor;
  /** The project key ('' for a store that is one repository's own file). */
  readonly project: string;
}

/** The same project, inside a transaction. */
export function inTransaction(
  scope: { readonly project: string },
  transaction: Transaction<Database>,
): StoreScope {
  return { db: transaction, project: scope.project };
}
