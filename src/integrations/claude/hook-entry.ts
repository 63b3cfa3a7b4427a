// `baton hook <event>`: what Claude Code runs on SessionStart, UserPromptSubmit, PreToolUse,
// PostToolUse(Failure) and Stop, and the git post-commit hook runs after a commit. bin/baton.js calls this directly,
// without commander: Claude Code waits for it on every tool call, so only what the event needs is
// imported, and only when it is needed.
//
// A hook never hangs and always exits 0: an internal failure, invalid input or config, or the
// internal time-out (hooks.timeout_ms, well under Claude Code's own) leaves one line in
// .baton/hooks.log. PreToolUse, the gate, then fails closed: it denies the tool use naming the
// cause and the fix (hook-failure.ts). The other events answer nothing and the agent goes on. A
// decision the handler has already taken (see HookContext.decision) is answered whatever
// happens after it.
import path from 'node:path';
import { denyToolUse, type HookResult } from '../../claude-code/hook-answers.ts';
import {
  type HookEvent,
  type HookPayload,
  normalizeHookEvent,
  parseHookPayload,
} from '../../claude-code/hook-payload.ts';
import type { Config } from '../../config/config-schema.ts';
import { isRunInstance } from '../../core/instance.ts';
import { handlePostToolUse } from './handlers/post-tool-use.ts';
import { handlePreToolUse } from './handlers/pre-tool-use.ts';
import { loadHookConfig } from './hook-config.ts';
import { createHookContext, type HookContext } from './hook-context.ts';
import { failedHookAnswer } from './hook-failure.ts';
import { batonProjectWithoutRepository, hookRepositoryRoot } from './hook-repository.ts';

const defaultTimeoutMs = 3000;
const maximumInputBytes = 8 * 1024 * 1024;

const usage = `usage: baton hook <event>

Reads Claude Code's hook JSON on stdin and answers in its hook protocol.
Events: session-start, user-prompt-submit, pre-tool-use, post-tool-use, stop (Claude Code's
names such as PreToolUse are accepted too), and git-post-commit (run by the git post-commit hook).
Install them with: baton hooks install
`;

export interface HookRunOptions {
  /** stdin text; read from the process when undefined. */
  input?: string;
  env?: Readonly<Record<string, string | undefined>>;
  cwd?: string;
}

export interface HookRunOutcome {
  stdout: string;
  /** What went wrong, if anything (it was logged; the exit code is 0 all the same). */
  problem?: string;
}

/** Runs a handler for `event` with its context; shared by the CLI path and the tests. */
export async function dispatchHook(
  event: HookEvent,
  payload: HookPayload,
  context: HookContext,
  cwd: string,
): Promise<HookResult> {
  // A runner's instance is accepted only from the session baton started for it.
  if (context.instance !== undefined && isRunInstance(context.instance)) {
    const binding = await import('./session-binding.ts');
    await binding.holdInstanceToItsSession(payload, context);
    if (event === 'pre-tool-use' && context.instanceRefusal)
      return binding.denyForRefusedInstance(payload, context);
  }
  switch (event) {
    case 'pre-tool-use':
      return handlePreToolUse(payload, context);
    case 'post-tool-use':
      return handlePostToolUse(payload, context);
    case 'session-start':
      return (await import('./handlers/session-start.ts')).handleSessionStart(payload, context);
    case 'user-prompt-submit':
      return (await import('./handlers/user-prompt-submit.ts')).handleUserPromptSubmit(payload, context);
    case 'stop':
      return (await import('./handlers/stop.ts')).handleStop(payload, context);
    case 'git-post-commit':
      return (await import('./handlers/git-post-commit.ts')).handleGitPostCommit(cwd, context);
  }
}

async function readStdin(): Promise<string> {
  const { fstatSync, readFileSync } = await import('node:fs');
  // A terminal (a person trying the command) gives no payload. Only a character device can be
  // one: Claude Code's pipe is not, and node:tty (which loads node:net) is imported only then.
  // isatty, not process.stdin.isTTY: touching process.stdin builds a stream we do not need.
  if (fstatSync(0).isCharacterDevice() && (await import('node:tty')).isatty(0)) return '';
  // Claude Code writes the payload and closes stdin: one synchronous read is the cheapest (no
  // stream machinery to load). A non-blocking descriptor falls back to the stream.
  try {
    const text = readFileSync(0, 'utf8');
    if (text.length > maximumInputBytes) throw new Error(`hook input larger than ${maximumInputBytes} bytes`);
    return text;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > maximumInputBytes) throw new Error(`hook input larger than ${maximumInputBytes} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * With the config unreadable, the Bash guard still compares the session's copies (with the
 * default settings): a command that broke .baton/config.yaml gets it back, and is told so.
 */
async function restoreAfterBrokenConfig(
  event: HookEvent | undefined,
  payload: HookPayload,
  repositoryRoot: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<HookResult | undefined> {
  if (event !== 'pre-tool-use' && event !== 'post-tool-use') return undefined;
  const { defaultConfig } = await import('../../config/load-config.ts');
  const fallback = createHookContext({ repositoryRoot, config: defaultConfig(), env });
  try {
    const { guardAfterBash } = await import('./bash-guard/bash-guard.ts');
    const result = await guardAfterBash(payload, fallback);
    if (result === undefined || event === 'post-tool-use') return result;
    return denyToolUse(JSON.parse(result.stdout ?? '{}').reason ?? 'baton: a guarded file was put back');
  } catch {
    return undefined;
  } finally {
    await fallback.close();
  }
}

/**
 * Runs one hook and resolves with what to print. Never rejects: failures and time-outs come back
 * as `problem` (already logged) with empty stdout.
 */
export async function runHook(eventName: string, options: HookRunOptions = {}): Promise<HookRunOutcome> {
  const env = options.env ?? process.env;
  const event = normalizeHookEvent(eventName);
  let repositoryRoot: string | undefined;
  let context: HookContext | undefined;
  let timer: NodeJS.Timeout | undefined;
  let timeoutMs = defaultTimeoutMs;
  let expire: (() => void) | undefined;
  const started = Date.now();
  const timedOut = new Promise<'timeout'>((resolve) => {
    expire = () => resolve('timeout');
    timer = setTimeout(expire, timeoutMs);
  });
  const rearm = (milliseconds: number) => {
    timeoutMs = milliseconds;
    clearTimeout(timer);
    timer = setTimeout(expire!, Math.max(0, milliseconds - (Date.now() - started)));
  };

  const work = async (): Promise<HookResult> => {
    const input = event === 'git-post-commit' ? '' : (options.input ?? (await readStdin()));
    let payload: HookPayload;
    let invalid: string | undefined;
    try {
      payload = parseHookPayload(input);
    } catch (error) {
      payload = parseHookPayload('{}');
      invalid = `invalid hook input: ${(error as Error).message}`;
    }
    const cwd = payload.cwd ?? options.cwd ?? process.cwd();
    repositoryRoot = hookRepositoryRoot(payload, env, options.cwd ?? process.cwd());
    if (invalid) throw new Error(invalid);
    if (event === undefined) throw new Error(`unknown hook event "${eventName}"`);
    if (event === 'pre-tool-use') {
      // Fail closed: a baton project whose .git is gone is not "no repository, no rules".
      const orphan = batonProjectWithoutRepository(
        payload,
        env,
        options.cwd ?? process.cwd(),
        repositoryRoot,
      );
      if (orphan !== undefined) {
        throw new Error(
          `${orphan} holds baton's .baton/config.yaml but its .git is missing or moved, so no claim or role can be checked; a person puts .git back`,
        );
      }
    }
    if (repositoryRoot === undefined) return {}; // Not in a git repository: nothing for baton to do.
    let config: Config;
    try {
      config = await loadHookConfig(repositoryRoot);
    } catch (error) {
      // A Bash command may just have broken the config: the guard puts it back first.
      const restored = await restoreAfterBrokenConfig(event, payload, repositoryRoot, env);
      if (restored) return restored;
      throw error;
    }
    if (config.hooks.timeout_ms !== timeoutMs) rearm(config.hooks.timeout_ms);
    context = createHookContext({ repositoryRoot, config, env });
    const result = await dispatchHook(event, payload, context, path.resolve(cwd));
    if (context.notes.length > 0) {
      const { logHookProblem } = await import('./hook-log.ts');
      logHookProblem(repositoryRoot, eventName, context.notes.join('; '));
    }
    return result;
  };

  let abandoned = false;
  const running = work();
  try {
    const result = await Promise.race([running, timedOut]);
    if (result === 'timeout') {
      running.catch(() => {});
      abandoned = true;
      const { logHookProblem } = await import('./hook-log.ts');
      const decided = context?.decision?.stdout;
      logHookProblem(
        repositoryRoot,
        eventName,
        decided
          ? `timed out after ${timeoutMs} ms after deciding; the decision stands`
          : `timed out after ${timeoutMs} ms${event === 'pre-tool-use' ? '; the tool use is denied' : '; the agent continues'}`,
      );
      return {
        stdout: decided ?? failedHookAnswer(event, `timed out after ${timeoutMs} ms`),
        problem: 'timeout',
      };
    }
    return { stdout: result.stdout ?? '' };
  } catch (error) {
    const { logHookProblem } = await import('./hook-log.ts');
    const message = (error as Error)?.message ?? String(error);
    const decided = context?.decision?.stdout;
    logHookProblem(
      repositoryRoot,
      eventName,
      decided ? `${message} (after deciding; the decision stands)` : message,
    );
    return { stdout: decided ?? failedHookAnswer(event, message), problem: message };
  } finally {
    clearTimeout(timer);
    // Closing under a query still running could wait as long as the query: a timed-out hook just leaves.
    if (!abandoned) await context?.close().catch(() => {});
  }
}

/** The `baton hook` command line. Always exits 0 (see the file comment). */
export async function runHookCommand(args: string[]): Promise<void> {
  const eventName = args[0];
  if (eventName === undefined || eventName === '--help' || eventName === '-h') {
    process.stdout.write(usage);
    return;
  }
  const outcome = await runHook(eventName);
  if (outcome.stdout) process.stdout.write(outcome.stdout);
  process.exitCode = 0;
  // After a time-out the abandoned work may still hold the event loop: leave now.
  if (outcome.problem === 'timeout') process.exit(0);
}
