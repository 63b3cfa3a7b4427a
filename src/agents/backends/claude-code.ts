// The `claude-code` backend: Claude Code headless,
//   claude -p --output-format stream-json --verbose --allowedTools … --settings <baton's hooks>
// with the prompt on stdin, in the task's directory. The role is kept by Claude Code's own tool
// permissions (the tools each role is allowed) and by baton's hooks, which read BATON_ROLE,
// BATON_PLAN, BATON_TASK and BATON_TASK_FILES: the executor's edits outside its declared files
// are denied, the planner's edits and writing commands too. Usage and cost are Claude Code's
// own report, from the final `result` event; the result's text is the answer.
import { homedir } from 'node:os';
import type { RoleConfig } from '../../config/agents-schema.ts';
import { defaultSandboxPolicy } from '../../workspace/sandbox/confinement.ts';
import type { Backend, Role } from '../backend.ts';
import { createAgentCliBackend } from './agent-cli.ts';
import { tail } from './agent-process.ts';
import type { BackendContext, BackendDescriptor } from './backend-context.ts';
import { claudeSandboxState, claudeSessionSettings } from './claude-settings.ts';
import {
  type ClaudeStreamState,
  claudeUsage,
  finalText,
  newClaudeStreamState,
  readClaudeStreamLine,
} from './claude-stream.ts';
import { timedOutAfter } from './timeout.ts';

type ClaudeConfig = Extract<RoleConfig, { backend: 'claude-code' }>;

const readTools = ['Read', 'Glob', 'Grep'];
const writeTools = ['Write', 'Edit', 'MultiEdit', 'NotebookEdit', 'Bash'];

/** What each role is allowed; the rest is denied (no one answers permission prompts headless). */
export const claudeAllowedTools: Readonly<Record<Role, readonly string[]>> = {
  executor: ['Read', 'Write', 'Edit', 'MultiEdit', 'Bash', 'Glob', 'Grep'],
  reviewer: readTools,
  planner: readTools,
};

export function claudeArguments(
  role: Role,
  settings: ClaudeConfig,
  hookSettings: string | undefined,
): string[] {
  return [
    '-p',
    '--output-format',
    'stream-json',
    '--verbose',
    '--allowedTools',
    claudeAllowedTools[role].join(','),
    ...(role === 'executor' ? [] : ['--disallowedTools', writeTools.join(',')]),
    ...(hookSettings === undefined ? [] : ['--settings', hookSettings]),
    ...(settings.model ? ['--model', settings.model] : []),
    ...settings.args,
  ];
}

export function createClaudeCodeBackend(descriptor: BackendDescriptor, context: BackendContext): Backend {
  const settings = descriptor.settings as ClaudeConfig;
  const env = context.env ?? process.env;
  const sandbox = claudeSandboxState(
    context.sandbox ?? defaultSandboxPolicy,
    `the ${descriptor.role} (Claude Code)`,
    env,
  );
  return createAgentCliBackend<ClaudeStreamState>(
    {
      kind: 'claude-code',
      name: 'Claude Code',
      settings,
      defaultCommand: 'claude',
      installHint:
        'Install Claude Code (npm install -g @anthropic-ai/claude-code) or set roles.<role>.command to its path.',
      noAnswer: 'no result',
      arguments: (role, cwd) =>
        claudeArguments(
          role,
          settings,
          claudeSessionSettings({
            role,
            cwd,
            repositoryRoot: context.repositoryRoot,
            storeUrl: context.storeUrl ?? context.sandbox?.storeUrl,
            sandbox,
            home: env.HOME ?? homedir(),
          }),
        ),
      env: {
        ...(context.storeUrl ? { BATON_DATABASE_URL: context.storeUrl } : {}),
        ...(context.storeProject ? { BATON_PROJECT: context.storeProject } : {}),
      },
      // Never empty: the hooks read an empty list as "no restriction".
      taskFiles: (files) => (files.length > 0 ? files.join(',') : '.baton-no-files'),
      sessionIdOption: '--session-id',
      newState: newClaudeStreamState,
      readLine: readClaudeStreamLine,
      usage: claudeUsage,
      outcome(state, result, timeoutMs) {
        if (result.timedOut) {
          const text = timedOutAfter(timeoutMs);
          return { text, isError: true, reason: text };
        }
        const text = finalText(state);
        return {
          text,
          isError: result.exitCode !== 0 || state.result === undefined || state.result.is_error === true,
          reason: text || tail(result.stderr),
          failedHow: result.exitCode ? ` with exit code ${result.exitCode}` : '',
        };
      },
    },
    context,
  );
}
