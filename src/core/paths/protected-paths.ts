// Paths no agent may write, whatever its role and whoever holds a claim: baton's own state and
// configuration, Claude Code's settings (where baton's hooks are installed), the repository's
// .git (refs, config, hooks), and the MCP clients' configuration files. An agent that could write
// any of them could switch enforcement off or move the integration branch behind baton's back.
// One exception: the planner writes exactly its own plan file, decided by the role rules.
//
// Paths are repository-relative and `/`-separated (as the hook hands them). Case is folded, so a
// case-insensitive file system (macOS) cannot be used to write `.Baton/config.yaml`.
// The names come from control-files.ts, which the sandbox and the Bash guard read too.
import { agentClientFolders, batonFolder, gitFolder, looseMcpConfigFiles } from './control-files.ts';

/** Folders no agent writes anything under. */
const protectedFolders = [batonFolder, gitFolder, ...agentClientFolders];

/** Single files no agent writes: the MCP configuration outside those folders. */
const protectedFiles = looseMcpConfigFiles;

/**
 * Claude Code's own settings: `.claude/settings.json`, `.claude/settings.local.json` (the control
 * files) and, to be safe, any other `settings*.json` there. The rest of `.claude/` (commands,
 * agents) stays the agent's to edit through the edit tools; the sandbox protects it whole.
 */
const claudeSettings = /^\.claude\/settings[^/]*\.json$/;

export interface ProtectedPathOptions {
  /** Where plans live (config plans.dir), when it is not under .baton/. */
  plansFolder?: string;
  /** The SQLite store's file, repository-relative, when it is not under .baton/. */
  storeFile?: string;
}

/** Why `path` is never an agent's to write, or undefined when it is not protected. */
export function protectedPathReason(path: string, options: ProtectedPathOptions = {}): string | undefined {
  const folded = path.toLowerCase();
  const segments = folded.split('/');
  // `.git` anywhere (a nested repository's config can run programs too), the others at the root.
  if (segments.includes('.git')) return `${path} is inside a .git folder, which only git and baton write`;
  for (const folder of protectedFolders) {
    if (folded === folder || folded.startsWith(`${folder}/`)) {
      return `${path} is under ${folder}/, which holds baton's or an agent client's own configuration and state`;
    }
  }
  if (protectedFiles.includes(folded)) return `${path} configures the agents' tools`;
  if (claudeSettings.test(folded)) return `${path} is Claude Code's settings, where baton's hooks live`;
  for (const extra of [options.plansFolder, options.storeFile]) {
    if (extra === undefined || extra === '') continue;
    const lower = extra.toLowerCase();
    if (folded === lower || folded.startsWith(`${lower}/`) || folded.startsWith(`${lower}-`)) {
      return `${path} is baton's (${extra})`;
    }
  }
  return undefined;
}
