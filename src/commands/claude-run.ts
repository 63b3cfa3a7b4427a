// The work of `baton claude` (see claude.ts).
import { type Role, roles } from '../agents/backend.ts';
import { claudeSessionCommand, startClaudeSession } from '../agents/backends/claude-session.ts';
import { pathsClaimedByOthers } from '../agents/claimed-paths.ts';
import { sandboxPolicy } from '../agents/sandbox-policy.ts';
import { resolveInstance } from '../core/instance.ts';
import { BatonError } from '../errors.ts';
import { assertPersonProcess } from '../workspace/people/person-process.ts';
import { withContext } from './context.ts';
import { writeJson } from './output.ts';

// The options commander hands `baton claude` (declared in claude.ts).
export interface ClaudeOptions {
  role?: string;
  instance?: string;
  plan?: string;
  claude?: string;
  dryRun?: boolean;
}

function parseRole(value: string | undefined, source: string): Role | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if ((roles as readonly string[]).includes(value)) return value as Role;
  throw new BatonError('USAGE', `${source}: unknown role "${value}"`, {
    hint: `Use one of: ${roles.join(', ')}.`,
  });
}

export async function runClaudeCommand(args: string[], options: ClaudeOptions): Promise<void> {
  // Also when an agent emptied its environment: the processes above still tell (person-process.ts).
  if (options.role !== undefined) assertPersonProcess('baton claude --role');
  if (options.instance !== undefined) assertPersonProcess('baton claude --instance');
  const role = parseRole(options.role, '--role') ?? parseRole(process.env.BATON_ROLE, 'BATON_ROLE');
  const instance = options.instance ?? resolveInstance();
  await withContext(async (context) => {
    const store = await context.store();
    const start = {
      role,
      instance,
      plan: options.plan ?? process.env.BATON_PLAN,
      cwd: process.cwd(),
      repositoryRoot: context.repositoryRoot,
      policy: sandboxPolicy({
        config: context.config,
        repositoryRoot: context.repositoryRoot,
        store,
        ...(instance ? { instance } : {}),
      }),
      command: options.claude ?? 'claude',
      args,
      claimedByOthers: await pathsClaimedByOthers(store, context.repositoryRoot, instance),
    };
    if (options.dryRun) {
      const { args: claudeArgs, env } = claudeSessionCommand(start);
      writeJson({ command: start.command, args: claudeArgs, env });
      await start.policy.settled?.();
      return;
    }
    const code = await startClaudeSession(start);
    await start.policy.settled?.();
    // Claude Code's own exit code, whatever it is.
    if (code !== 0) process.exitCode = code;
  });
}
