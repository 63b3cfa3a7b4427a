// The part of choosing a repository's project key (project-key.ts) that needs no git and no
// file: BATON_PROJECT, else `store.project`, else '' for a SQLite store (one repository's own
// file). Kept apart so the hooks, which start on every tool call, decide the common cases
// without loading the git module; undefined means "derive it from the first commit".
import { isPostgresUrl } from '../store/store-location.ts';

export function chosenProjectKey(
  storeUrl: string,
  configuredProject: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): string | undefined {
  const chosen = env.BATON_PROJECT?.trim() || configuredProject?.trim();
  if (chosen) return chosen;
  if (!isPostgresUrl(storeUrl)) return '';
  return undefined;
}
