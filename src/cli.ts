// The command-line face. Commands are registered from small modules that import their heavy
// dependencies only when they run, so `baton --help` and the hook path start fast.
import { Command, CommanderError } from 'commander';
import { setExitCode, writeError } from './commands/output.ts';
import { BatonError, ExitCode, isBatonError } from './errors.ts';

type Registrar = (program: Command) => void;

// One entry per command module; each exports `register`.
const commandModules: Array<() => Promise<{ register: Registrar }>> = [
  () => import('./commands/init.ts'),
  () => import('./commands/new.ts'),
  () => import('./commands/lint.ts'),
  () => import('./commands/plans.ts'),
  () => import('./commands/show.ts'),
  () => import('./commands/transitions.ts'),
  () => import('./commands/import.ts'),
  () => import('./commands/pool.ts'),
  () => import('./commands/claims.ts'),
  () => import('./commands/hooks.ts'),
  () => import('./commands/review.ts'),
  () => import('./commands/submit.ts'),
  () => import('./commands/handoff.ts'),
  () => import('./commands/cost.ts'),
  () => import('./commands/run.ts'),
  () => import('./commands/status.ts'),
  () => import('./commands/clean.ts'),
];

export async function buildProgram(): Promise<Command> {
  const program = new Command('baton')
    .description(
      'Plan, approve, build, verify and review: AI coding agents working the way careful teams do.\n' +
        'A planner writes a plan, a person approves it, builders execute it task by task.',
    )
    .version('0.1.0')
    .option('--debug', 'print stack traces for errors')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeErr: (text) => process.stderr.write(text) })
    .exitOverride();
  for (const load of commandModules) (await load()).register(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  const program = await buildProgram();
  const wantsJson = argv.includes('--json');
  const debug = argv.includes('--debug');
  try {
    await program.parseAsync(argv);
  } catch (error) {
    handleError(error, { json: wantsJson, debug });
  }
}

export function handleError(error: unknown, options: { json: boolean; debug: boolean }): void {
  if (error instanceof CommanderError) {
    // --help and --version end here too, with exit code 0.
    if (error.exitCode === 0) return;
    setExitCode(ExitCode.usage);
    return;
  }
  const batonError = isBatonError(error)
    ? error
    : new BatonError('INTERNAL', (error as Error)?.message ?? String(error), {
        hint: 'This is a bug in baton; run again with --debug for the stack trace.',
        cause: error,
      });
  if (!isBatonError(error) && options.debug && error instanceof Error) batonError.stack = error.stack;
  writeError(batonError, options);
  setExitCode(batonError.exitCode);
}
