// Driving the real PreToolUse and PostToolUse hooks around a real bash command, as Claude Code
// does for its Bash tool, with a repository where instance B holds files. Shared by the Bash
// guard's attack tables.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { runHook } from '../../src/integrations/claude/hook-entry.ts';
import { git, makeRepository, makeTemporaryDirectory } from '../support/repository.ts';

export interface HookAnswer {
  decision?: string;
  reason?: string;
}

let calls = 0;

export async function bashHook(
  event: 'pre-tool-use' | 'post-tool-use',
  repository: string,
  home: string,
  instance: string,
  command: string,
  toolUseId: string,
): Promise<HookAnswer> {
  const outcome = await runHook(event, {
    input: JSON.stringify({
      session_id: `session-${instance}`,
      cwd: repository,
      hook_event_name: event === 'pre-tool-use' ? 'PreToolUse' : 'PostToolUse',
      tool_name: 'Bash',
      tool_use_id: toolUseId,
      tool_input: { command },
      ...(event === 'post-tool-use' ? { tool_response: { stdout: '', stderr: '', interrupted: false } } : {}),
    }),
    env: { BATON_INSTANCE: instance, HOME: home, XDG_CACHE_HOME: path.join(home, '.cache') },
    cwd: repository,
  });
  if (outcome.stdout === '') return {};
  const answer = JSON.parse(outcome.stdout);
  if (answer.hookSpecificOutput)
    return {
      decision: answer.hookSpecificOutput.permissionDecision,
      reason: answer.hookSpecificOutput.permissionDecisionReason,
    };
  return { decision: answer.decision, reason: answer.reason };
}

/** One Bash call: PreToolUse, the command in real bash (unless denied), PostToolUse. */
export async function bashCall(
  repository: string,
  home: string,
  instance: string,
  command: string,
): Promise<{ before: HookAnswer; after: HookAnswer }> {
  calls += 1;
  const toolUseId = `toolu_attack_${calls}`;
  const before = await bashHook('pre-tool-use', repository, home, instance, command, toolUseId);
  if (before.decision === 'deny') return { before, after: {} };
  spawnSync('bash', ['-c', command], {
    cwd: repository,
    stdio: 'ignore',
    env: { ...process.env, HOME: home },
  });
  const after = await bashHook('post-tool-use', repository, home, instance, command, toolUseId);
  return { before, after };
}

export const heldText = 'export const held = "B\'s work";\n';

/** A repository (and a HOME of its own) where B holds src/held.ts and the folder lib/. */
export function repositoryHeldByB(t: TestContext): { repository: string; home: string } {
  const home = makeTemporaryDirectory(t, 'baton-attack-home-');
  const repository = makeRepository(t);
  mkdirSync(path.join(repository, 'src'));
  mkdirSync(path.join(repository, 'lib'));
  mkdirSync(path.join(repository, '.baton'));
  writeFileSync(path.join(repository, '.baton', 'config.yaml'), 'hooks:\n  timeout_ms: 5000\n');
  writeFileSync(path.join(repository, 'src', 'held.ts'), heldText);
  writeFileSync(path.join(repository, 'src', 'mine.ts'), 'export const mine = 1;\n');
  writeFileSync(path.join(repository, 'lib', 'util.ts'), 'export const util = 1;\n');
  git(repository, 'add', '-A');
  git(repository, 'commit', '-qm', 'files');
  execFileSync(
    process.execPath,
    [
      path.resolve('bin/baton.js'),
      'claim',
      'src/held.ts',
      'lib',
      '--instance',
      'B',
      '--reason',
      'B is working',
    ],
    {
      cwd: repository,
      env: { ...process.env, HOME: home, XDG_CACHE_HOME: path.join(home, '.cache'), BATON_INSTANCE: 'B' },
      stdio: 'pipe',
    },
  );
  return { repository, home };
}

/** PreToolUse of an Edit by `instance`, from a session whose project is `projectDir`. */
export async function editHook(
  projectDir: string,
  home: string,
  instance: string,
  filePath: string,
): Promise<HookAnswer> {
  const outcome = await runHook('pre-tool-use', {
    input: JSON.stringify({
      session_id: `session-${instance}`,
      cwd: projectDir,
      hook_event_name: 'PreToolUse',
      tool_name: 'Edit',
      tool_use_id: `toolu_edit_${++calls}`,
      tool_input: { file_path: filePath, old_string: 'B', new_string: 'A' },
    }),
    env: {
      BATON_INSTANCE: instance,
      HOME: home,
      XDG_CACHE_HOME: path.join(home, '.cache'),
      CLAUDE_PROJECT_DIR: projectDir,
    },
    cwd: projectDir,
  });
  if (outcome.stdout === '') return {};
  const answer = JSON.parse(outcome.stdout);
  return {
    decision: answer.hookSpecificOutput?.permissionDecision,
    reason: answer.hookSpecificOutput?.permissionDecisionReason,
  };
}
