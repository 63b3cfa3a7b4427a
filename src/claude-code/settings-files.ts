// The settings files Claude Code reads for a directory, and whether baton's hooks are in one:
//
//   project  <repo>/.claude/settings.json        (committed, shared with the team)
//   local    <repo>/.claude/settings.local.json  (this checkout only)
//   user     ~/.claude/settings.json             (every project of this user)
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { installedPreToolUsePattern } from './hook-command.ts';

export type SettingsScope = 'project' | 'local' | 'user';
export const settingsScopes: readonly SettingsScope[] = ['project', 'local', 'user'];

export function settingsFile(scope: SettingsScope, repositoryRoot: string, home = homedir()): string {
  if (scope === 'user') return path.join(home, '.claude', 'settings.json');
  return path.join(repositoryRoot, '.claude', scope === 'local' ? 'settings.local.json' : 'settings.json');
}

/**
 * Whether baton's PreToolUse hook is already in a settings file Claude Code reads for this
 * directory (project, local, user), so passing it again would run every hook twice.
 */
export function batonHooksInstalled(directory: string, home: string = homedir()): boolean {
  return settingsScopes.some((scope) => {
    try {
      return installedPreToolUsePattern.test(readFileSync(settingsFile(scope, directory, home), 'utf8'));
    } catch {
      return false;
    }
  });
}
