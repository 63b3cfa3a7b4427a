// The work behind `baton hooks install | uninstall`.
import { BatonError } from '../errors.ts';
import { installGitHook, uninstallGitHook } from '../integrations/claude/git-hook.ts';
import {
  defaultCommandPrefix,
  installClaudeHooks,
  type SettingsChange,
  type SettingsScope,
  settingsFile,
  settingsScopes,
  uninstallClaudeHooks,
} from '../integrations/claude/settings.ts';
import { requireRepositoryRoot } from '../workspace/repository.ts';
import { writeJson, writeLine } from './output.ts';

export async function hooksCommand(
  action: 'install' | 'uninstall',
  options: { scope?: string; gitHook?: boolean; command?: string; json?: boolean },
): Promise<void> {
  const scope = (options.scope ?? 'project') as SettingsScope;
  if (!settingsScopes.includes(scope)) {
    throw new BatonError(
      'USAGE',
      `--scope must be one of ${settingsScopes.join(', ')}, not "${options.scope}"`,
    );
  }
  const repositoryRoot = requireRepositoryRoot(process.cwd());
  const file = settingsFile(scope, repositoryRoot);
  const prefix = options.command?.trim() || defaultCommandPrefix();
  const settings: SettingsChange =
    action === 'install' ? installClaudeHooks(file, prefix) : uninstallClaudeHooks(file);
  let gitHook: SettingsChange | undefined;
  if (options.gitHook) {
    gitHook =
      action === 'install' ? installGitHook(repositoryRoot, prefix) : uninstallGitHook(repositoryRoot);
  }
  if (options.json) {
    writeJson({
      ok: true,
      action,
      scope,
      settings,
      ...(action === 'install' ? { command: prefix } : {}),
      ...(gitHook ? { gitHook } : {}),
    });
    return;
  }
  const verb = action === 'install' ? 'installed in' : 'removed from';
  writeLine(
    settings.changed ? `baton's hooks ${verb} ${settings.file}` : `${settings.file}: already up to date`,
  );
  if (gitHook) {
    writeLine(
      gitHook.changed
        ? `git post-commit hook ${action === 'install' ? 'installed' : 'removed'}: ${gitHook.file}`
        : `${gitHook.file}: already up to date`,
    );
  }
  if (action === 'install') {
    writeLine(`hooks run: ${prefix} hook <event>`);
    writeLine(
      'Start Claude Code with BATON_INSTANCE=A (B, …) in each terminal so claims and pool entries have an owner.',
    );
  }
}
