// The configuration as the hook handlers load it: through the per-user cache of validated
// configs (src/config/cached-config.ts), since Claude Code waits for the hooks on every tool call and
// loading the config the normal way costs the yaml and zod imports.
import { loadConfigCached } from '../../config/cached-config.ts';
import type { Config } from '../../config/config-schema.ts';

/** The repository's configuration, validated; fast when unchanged since the last hook. */
export function loadHookConfig(repositoryRoot: string): Promise<Config> {
  return loadConfigCached(repositoryRoot);
}
