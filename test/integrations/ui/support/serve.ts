// The page's server over a scratch repository's store, closed with the test.
import path from 'node:path';
import type { TestContext } from 'node:test';
import { loadConfig } from '../../../../src/config/load-config.ts';
import { type PageServer, startPageServer } from '../../../../src/integrations/ui/page-server.ts';
import { openStore, type Store } from '../../../../src/store/store.ts';

export async function serve(
  t: TestContext,
  repository: string,
): Promise<{ server: PageServer; store: Store }> {
  const store = await openStore({ url: path.join(repository, '.baton', 'baton.db') });
  const server = await startPageServer({ repositoryRoot: repository, config: loadConfig(repository), store });
  t.after(async () => {
    await server.close();
    await store.close();
  });
  return { server, store };
}

export const originOf = (server: PageServer): string => new URL(server.url).origin;
