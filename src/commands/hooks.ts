// `baton hooks install | uninstall`: baton's hooks in Claude Code's settings (and, with
// --git-hook, a git post-commit hook), and `baton hook <event>`, which Claude Code runs. The
// latter is listed here for --help only: bin/baton.js runs it without loading commander.
import type { Command } from 'commander';

interface HooksOptions {
  scope?: string;
  gitHook?: boolean;
  command?: string;
  json?: boolean;
}

export function register(program: Command): void {
  const hooks = program
    .command('hooks')
    .description("install or remove baton's hooks in Claude Code's settings (claims, pool, planner rules)");

  for (const action of ['install', 'uninstall'] as const) {
    const command = hooks
      .command(action)
      .description(
        action === 'install'
          ? "merge baton's hooks into Claude Code's settings, leaving every other setting and hook as it was"
          : "remove baton's hooks (only those) from Claude Code's settings",
      )
      .option(
        '--scope <scope>',
        'project (.claude/settings.json), local (.claude/settings.local.json) or user (~/.claude/settings.json)',
        'project',
      )
      .option(
        '--git-hook',
        `also ${action === 'install' ? 'install' : 'remove'} the git post-commit hook that posts commits to the pool`,
      )
      .option('--json', 'print the result as JSON');
    if (action === 'install') {
      command.option(
        '--command <prefix>',
        'how the hooks call baton (default: baton if on PATH, else node <this checkout>/bin/baton.js)',
      );
    }
    command.action(async (options: HooksOptions) => {
      const { hooksCommand } = await import('./hooks-run.ts');
      await hooksCommand(action, options);
    });
  }

  program
    .command('hook')
    .description('run one hook: what Claude Code calls (reads its hook JSON on stdin; always exits 0)')
    .argument('<event>', 'session-start, pre-tool-use, post-tool-use, stop or git-post-commit')
    .action(async (event: string) => {
      const { runHookCommand } = await import('../integrations/claude/hook-entry.ts');
      await runHookCommand([event]);
    });
}
