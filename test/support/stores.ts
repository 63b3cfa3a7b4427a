// Each store test runs on SQLite and, when BATON_TEST_DATABASE_URL is set, on Postgres too
// (in a schema of its own, dropped afterwards). Without it the Postgres run is skipped with
// a notice that shows in the test output.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { openStore, type Store } from '../../src/store/store.ts';
import { projectKey } from '../../src/workspace/project-key.ts';
import { makeTemporaryDirectory } from './repository.ts';

export interface OpenedStore {
  store: Store;
  /** Environment for child `baton` processes so they use this same store. */
  environment: Record<string, string>;
}

export interface StoreTarget {
  name: 'sqlite' | 'postgres';
  /** Set when this engine is not available here; says why. */
  skip?: string;
  /**
   * Opens a fresh store, closed and removed when the test ends. With a repository root,
   * SQLite uses the repository's default `.baton/baton.db`, and Postgres the repository's
   * project key, as a child `baton` would.
   */
  open(t: TestContext, repositoryRoot?: string): Promise<OpenedStore>;
}

export const postgresUrl = process.env.BATON_TEST_DATABASE_URL;

export function uniqueSchema(): string {
  return `baton_test_${randomBytes(6).toString('hex')}`;
}

export async function dropSchemaLater(t: TestContext, schema: string): Promise<void> {
  t.after(async () => {
    const pg = (await import('pg')).default;
    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    try {
      await client.query(`drop schema if exists ${schema} cascade`);
    } finally {
      await client.end();
    }
  });
}

export const storeTargets: StoreTarget[] = [
  {
    name: 'sqlite',
    async open(t, repositoryRoot) {
      const file = repositoryRoot
        ? path.join(repositoryRoot, '.baton', 'baton.db')
        : path.join(makeTemporaryDirectory(t, 'baton-store-'), 'baton.db');
      const store = await openStore({ url: file });
      t.after(() => store.close());
      return { store, environment: {} };
    },
  },
  {
    name: 'postgres',
    skip: postgresUrl ? undefined : 'BATON_TEST_DATABASE_URL is not set: Postgres store tests skipped',
    async open(t, repositoryRoot) {
      const schema = uniqueSchema();
      const project = repositoryRoot ? projectKey(repositoryRoot, postgresUrl!) : undefined;
      const store = await openStore({ url: postgresUrl!, schema, project });
      t.after(() => store.close());
      await dropSchemaLater(t, schema);
      return { store, environment: { BATON_DATABASE_URL: postgresUrl!, BATON_DATABASE_SCHEMA: schema } };
    },
  },
];

if (!postgresUrl) {
  process.stderr.write('notice: BATON_TEST_DATABASE_URL is not set; Postgres store tests are skipped.\n');
}
