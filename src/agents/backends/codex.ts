// The `codex` backend: `codex exec --json` with the prompt on stdin, in the task's directory.
// The executor runs in Codex's workspace-write sandbox (its worktree and a private scratch
// folder only), reviewer and planner read-only. Codex
// has no hooks baton can use to refuse an edit as it happens, so the executor's scope is
// checked afterwards: a change to a file outside the task's declared files fails the round,
// naming the files (the reviewer would also see it in the diff).
import type { RoleConfig } from '../../config/agents-schema.ts';
import { pathMatchesGlob } from '../../core/paths/glob.ts';
import { changedFiles } from '../../workspace/git-diff.ts';
import type { Backend, ExecuteOutcome, ExecuteRequest, Role } from '../backend.ts';
import { createAgentCliBackend } from './agent-cli.ts';
import { tail } from './agent-process.ts';
import type { BackendContext, BackendDescriptor } from './backend-context.ts';
import { type CodexStreamState, codexUsage, newCodexStreamState, readCodexLine } from './codex-events.ts';
import { timedOutAfter } from './timeout.ts';

type CodexConfig = Extract<RoleConfig, { backend: 'codex' }>;

/**
 * The executor writes in Codex's workspace-write sandbox: its folder, plus (Codex's defaults)
 * /tmp and $TMPDIR — shared places, where other worktrees or the repository itself may live.
 * Those two are taken out; the run's private scratch folder (its TMPDIR) is the one writable
 * place besides the task's worktree.
 */
function executorSandbox(scratch: string | undefined): string[] {
  return [
    '--sandbox',
    'workspace-write',
    '-c',
    'sandbox_workspace_write.exclude_slash_tmp=true',
    '-c',
    'sandbox_workspace_write.exclude_tmpdir_env_var=true',
    ...(scratch ? ['-c', `sandbox_workspace_write.writable_roots=${JSON.stringify([scratch])}`] : []),
  ];
}

export function codexArguments(role: Role, settings: CodexConfig, cwd: string, scratch?: string): string[] {
  return [
    'exec',
    '--json',
    '--skip-git-repo-check',
    '--cd',
    cwd,
    ...(role === 'executor' ? executorSandbox(scratch) : ['--sandbox', 'read-only']),
    ...(settings.model ? ['--model', settings.model] : []),
    ...settings.args,
    // The prompt comes on stdin.
    '-',
  ];
}

export function createCodexBackend(descriptor: BackendDescriptor, context: BackendContext): Backend {
  const settings = descriptor.settings as CodexConfig;
  const backend = createAgentCliBackend<CodexStreamState>(
    {
      kind: 'codex',
      name: 'Codex',
      settings,
      defaultCommand: 'codex',
      installHint: 'Install Codex (npm install -g @openai/codex) or set roles.<role>.command to its path.',
      noAnswer: 'no answer',
      arguments: (role, cwd, scratch) => codexArguments(role, settings, cwd, scratch),
      scratchFor: new Set(['executor']),
      taskFiles: (files) => files.join(','),
      newState: newCodexStreamState,
      readLine: readCodexLine,
      usage: (state) => codexUsage(state, settings.model),
      outcome(state, result, timeoutMs) {
        const text = state.messages[state.messages.length - 1] ?? '';
        const detail = result.timedOut
          ? timedOutAfter(timeoutMs)
          : [state.errors.join('; '), tail(result.stderr, 10, 1500)].filter((part) => part !== '').join('\n');
        return {
          text,
          isError: result.timedOut || result.exitCode !== 0 || state.errors.length > 0,
          reason: detail || text,
        };
      },
    },
    context,
  );
  const execute = backend.execute!;

  return {
    ...backend,

    // Codex cannot be stopped at the edit, so the executor's scope is checked once it is done.
    async execute(request: ExecuteRequest): Promise<ExecuteOutcome> {
      const before = new Set(changedFiles(request.workdir));
      const outcome = await execute(request);
      const outside = changedFiles(request.workdir).filter(
        (file) => !before.has(file) && !request.task.files.some((pattern) => pathMatchesGlob(file, pattern)),
      );
      if (outside.length > 0) {
        return {
          status: 'failed',
          reason: `changed files outside the task's declared files (${request.task.files.join(', ') || 'none'}): ${outside.join(', ')}`,
        };
      }
      return outcome;
    },
  };
}
