// The work behind `baton hooks install | uninstall`. Everything is checked before anything is
// written: a git hook baton cannot add its lines to (not a shell script) stops the command
// before the settings file is touched, so a failure leaves nothing half done.
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { defaultCommandPrefix } from '../claude-code/hook-command.ts';
import { type SettingsScope, settingsFile, settingsScopes } from '../claude-code/settings-files.ts';
import { BatonError } from '../errors.ts';
import {
  applyGitHookPlan,
  type PlannedFileChange,
  planGitHookInstall,
  uninstallGitHook,
} from '../integrations/claude/git-hook.ts';
import {
  applySettingsPlan,
  type PlannedSettingsChange,
  planClaudeHooksInstall,
  planClaudeHooksUninstall,
  type SettingsChange,
} from '../integrations/claude/settings.ts';
import { tryGit } from '../workspace/git.ts';
import { assertPersonProcess } from '../workspace/people/person-process.ts';
import { requireRepositoryRoot } from '../workspace/repository.ts';
import { writeJson, writeLine } from './output.ts';

const localSettings = '.claude/settings.local.json';

/** --scope local: the file is this checkout's own; keep it out of commits unless already ignored. */
function ignoreLocalSettings(repositoryRoot: string): boolean {
  const ignored = tryGit(repositoryRoot, ['check-ignore', '-q', '--no-index', localSettings]) !== undefined;
  if (ignored) return false;
  const gitignore = path.join(repositoryRoot, '.gitignore');
  const current = existsSync(gitignore) ? readFileSync(gitignore, 'utf8') : '';
  const separator = current === '' || current.endsWith('\n') ? '' : '\n';
  appendFileSync(gitignore, `${separator}${localSettings}\n`);
  return true;
}

export async function hooksCommand(
  action: 'install' | 'uninstall',
  options: { scope?: string; gitHook?: boolean; command?: string; json?: boolean },
): Promise<void> {
  // Removing the hooks switches baton's enforcement off: a person's decision, never an agent's.
  if (action === 'uninstall') assertPersonProcess('hooks uninstall');
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

  // Check everything first (both throw on what they cannot do) …
  const settingsPlan: PlannedSettingsChange & { missing?: boolean } =
    action === 'install' ? planClaudeHooksInstall(file, prefix) : planClaudeHooksUninstall(file);
  const gitHookPlan: PlannedFileChange | undefined =
    options.gitHook && action === 'install' ? planGitHookInstall(repositoryRoot, prefix) : undefined;
  // … then write.
  const settings: SettingsChange = applySettingsPlan(settingsPlan);
  let gitHook: SettingsChange | undefined;
  if (options.gitHook) {
    gitHook = gitHookPlan ? applyGitHookPlan(gitHookPlan) : uninstallGitHook(repositoryRoot);
  }
  const ignoredLocal = action === 'install' && scope === 'local' && ignoreLocalSettings(repositoryRoot);

  if (options.json) {
    writeJson({
      ok: true,
      action,
      scope,
      settings,
      ...(action === 'install' ? { command: prefix } : {}),
      ...(gitHook ? { gitHook } : {}),
      ...(ignoredLocal ? { gitignore: `${localSettings} added to .gitignore` } : {}),
      ...(settingsPlan.missing ? { nothingToRemove: true } : {}),
    });
    return;
  }
  const verb = action === 'install' ? 'installed in' : 'removed from';
  if (settingsPlan.missing) writeLine(`${settings.file} does not exist: nothing to remove`);
  else
    writeLine(
      settings.changed
        ? `baton's hooks ${verb} ${settings.file}`
        : action === 'install'
          ? `${settings.file}: already up to date`
          : `${settings.file}: no baton hooks, nothing to remove`,
    );
  if (ignoredLocal) writeLine(`${localSettings} added to .gitignore (it is this checkout's own)`);
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
