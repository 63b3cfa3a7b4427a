// `baton demo`: baton's main job from start to end, in seconds, with no model and no API key.
// It makes a scratch repository holding a small real project with tests (demo/project/), puts
// a five-task plan (demo/plan.md: a chain and a fan-out) in review, approves it in the name of
// the person running the demo, and runs it through `baton run` itself: worktrees, verify, the
// scope check, review, merge. The executor and reviewer are scripts baton ships for this
// (demo/agents/), configured as the `command` backend like any command a user would set; the
// demo says so on screen. One task fails its verification in round 1 and is fixed from the
// feedback; one review scores under the threshold and passes in round 2.
import type { Command } from 'commander';

interface DemoOptions {
  dir?: string;
  by?: string;
  json?: boolean;
}

export const demoPlanId = 'text-helpers';

/** The demo repository's config: the scripted agents through the `command` backend. */
function demoConfig(options: {
  node: string;
  agents: string;
  worktrees: string;
  shellQuote: (word: string) => string;
}): string {
  // Quoted once for the shell (the command backend runs bash), then as a YAML string.
  const command = (script: string) =>
    JSON.stringify([options.node, `${options.agents}/${script}`].map(options.shellQuote).join(' '));
  return [
    '# Written by `baton demo`. The executor and the reviewer are scripts baton ships for the demo:',
    '# no model is called. They run through the `command` backend, as any command you configure would.',
    'run:',
    `  worktrees_dir: ${JSON.stringify(options.worktrees)}`,
    'roles:',
    '  executor:',
    '    backend: command',
    `    command: ${command('executor.mjs')}`,
    '  reviewer:',
    '    backend: command',
    `    command: ${command('reviewer.mjs')}`,
    '',
  ].join('\n');
}

export function register(program: Command): void {
  program
    .command('demo')
    .description(
      'see baton run a plan end to end in seconds: a scratch repository, a five-task plan you approve, scripted agents (no model, no API key)',
    )
    .option('--dir <folder>', 'make the demo here (a new or empty folder; default: a new temporary folder)')
    .option('--by <name>', 'who approves the demo plan (default: you, by git user.name or your login name)')
    .option('--json', 'print NDJSON events, one per line, as baton run --json does')
    .addHelpText(
      'after',
      '\nThe scratch repository is kept: look at its history (git log --graph baton/text-helpers),\n' +
        'run baton status or baton show there, or delete the folder. Your own repositories are not touched,\n' +
        'and the demo keeps its own SQLite store (BATON_DATABASE_URL is not used).\n',
    )
    .action(async (options: DemoOptions) => {
      const { cpSync, existsSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } = await import(
        'node:fs'
      );
      const { tmpdir } = await import('node:os');
      const path = (await import('node:path')).default;
      const { assertPersonProcess } = await import('../workspace/people/person-process.ts');
      const { BatonError } = await import('../errors.ts');
      const { batonBinPath, batonCommand, shellQuote } = await import('../installation.ts');
      const { createScratchRepository, requireEmptyFolder } = await import(
        '../workspace/scratch-repository.ts'
      );
      const { writeLine } = await import('./output.ts');

      // The demo approves a plan in the name of whoever runs it: a person's act, never an agent's.
      assertPersonProcess('baton demo (it approves its plan in your name)');
      if (options.by !== undefined && options.by.trim() === '')
        throw new BatonError('USAGE', '--by needs a name');
      const demoSource = path.join(path.dirname(path.dirname(batonBinPath())), 'demo');
      if (!existsSync(path.join(demoSource, 'plan.md')))
        throw new BatonError('INTERNAL', `this baton has no demo files at ${demoSource}`, {
          hint: 'Reinstall baton: the demo/ folder ships with it.',
        });
      const directory = options.dir
        ? path.resolve(options.dir)
        : realpathSync(mkdtempSync(path.join(tmpdir(), 'baton-demo-')));
      requireEmptyFolder(directory);
      const repository = path.join(directory, 'text-kit');
      // The demo keeps to a store of its own: a team's Postgres named in the environment is no
      // place for a scratch plan.
      delete process.env.BATON_DATABASE_URL;
      delete process.env.BATON_DATABASE_SCHEMA;

      const emit = (kind: string, message: string, data: Record<string, unknown>) =>
        writeLine(JSON.stringify({ kind, at: Date.now(), planId: demoPlanId, message, data }));
      const say = (line = '') => {
        if (!options.json) writeLine(line);
      };

      await createScratchRepository({
        source: path.join(demoSource, 'project'),
        directory: repository,
        message: 'text-kit: toAscii, with its tests',
      });
      const { initRepository } = await import('../workspace/init.ts');
      await initRepository(repository, {});
      // The scripted agents go into the repository (untracked): a confined executor sees its
      // repository, but not where baton is installed when that is under /tmp.
      const agents = path.join(repository, '.baton', 'demo-agents');
      cpSync(path.join(demoSource, 'agents'), agents, { recursive: true });
      writeFileSync(
        path.join(repository, '.baton', 'config.yaml'),
        demoConfig({
          node: process.execPath,
          agents,
          worktrees: path.join(directory, 'worktrees'),
          shellQuote,
        }),
      );

      const { createContext } = await import('./context.ts');
      const { resolveInstance } = await import('../core/instance.ts');
      const { createPlanInReview } = await import('../workspace/plans/create.ts');
      const { approvePlan } = await import('../workspace/plans/lifecycle.ts');
      const { personName } = await import('../workspace/git.ts');
      const by = options.by?.trim() ?? personName(repository);
      const setup = await createContext(repository);
      try {
        const lifecycle = {
          repositoryRoot: repository,
          config: setup.config,
          store: await setup.store(),
          instance: resolveInstance() ?? undefined,
        };
        const text = readFileSync(path.join(demoSource, 'plan.md'), 'utf8').replace(
          '{{created}}',
          new Date().toISOString().slice(0, 10),
        );
        await createPlanInReview(lifecycle, demoPlanId, text, { source: 'demo' });
        // The same approval `baton approve` records: the plan must lint clean, and the event
        // keeps who approved, when, and the SHA-256 of the text.
        // A scratch repository of the person running the demo, checked above to be no agent: the
        // terminal channel, even when the demo's output goes to a pipe.
        await approvePlan(lifecycle, demoPlanId, { by, channel: 'terminal' });
      } finally {
        await setup.close();
      }

      if (options.json)
        emit('demo-ready', `plan ${demoPlanId} approved by ${by}; running it with scripted demo agents`, {
          directory,
          repository,
          approvedBy: by,
          agents: {
            kind: 'command',
            scripted: true,
            executor: `${agents}/executor.mjs`,
            reviewer: `${agents}/reviewer.mjs`,
          },
        });
      say(`baton demo: a scratch repository at ${repository}`);
      say('  text-kit, a small Node module with tests (node --test), one commit on main.');
      say(`  Plan ${demoPlanId}: 5 tasks, T1 → T2 → T3 in a chain, T4 and T5 beside them after T1.`);
      say(
        `  Approved by ${by} (${options.by ? '--by' : 'you, the person running this demo'}), recorded as baton approve records it.`,
      );
      say('  Scripted demo agents — no model is called, no API key is needed. The executor and the');
      say(`  reviewer are scripts baton ships (copied to ${path.relative(repository, agents)}/),`);
      say('  run through the command backend; baton itself does the rest, exactly as `baton run` does:');
      say('  a worktree per task, its verify commands, the scope check, the review, the merge.');
      say('  Watch T3 fail its tests in round 1 and T4 score under 90 in review; both pass in round 2.');
      say();

      // The run: `baton run <plan>` itself, in the demo repository.
      const { Command } = await import('commander');
      const runCommand = new Command('baton').exitOverride();
      (await import('./run.ts')).register(runCommand);
      const previousDirectory = process.cwd();
      process.chdir(repository);
      try {
        await runCommand.parseAsync(['run', demoPlanId, ...(options.json ? ['--json'] : [])], {
          from: 'user',
        });
      } finally {
        process.chdir(previousDirectory);
      }

      const { planStatuses } = await import('../runner/run-status.ts');
      const { describeStatus } = await import('./status.ts');
      const after = await createContext(repository);
      try {
        const store = await after.store();
        const statuses = await planStatuses(repository, after.config, store, demoPlanId);
        if (options.json) {
          emit('demo-finished', `the demo repository is ${repository}`, {
            directory,
            repository,
            status: statuses[0],
          });
          return;
        }
        say();
        for (const line of describeStatus(statuses)) say(line);
        // What the feedback of round 1 made the executor do, as it reported it (kept in the store).
        const { listPlanEvents } = await import('../store/events.ts');
        const secondRounds = (await listPlanEvents(store, demoPlanId, ['task-executed'])).filter(
          (event) => Number(event.data.round) >= 2 && typeof event.data.summary === 'string',
        );
        if (secondRounds.length > 0) {
          say();
          say('Round 2, from the feedback baton handed back (the executor’s own words):');
          for (const event of secondRounds) say(`  ${event.taskId}: ${event.data.summary}`);
        }
      } finally {
        await after.close();
      }
      say();
      const baton = batonCommand();
      say(`The demo repository is ${repository}. In it:`);
      say(`  cd ${shellQuote(repository)}`);
      say(`  git log --graph --oneline baton/${demoPlanId}   a merge commit per task (Baton-Task: trailer)`);
      say(`  ${baton} status; ${baton} show ${demoPlanId}; ${baton} events --plan ${demoPlanId}`);
      say(`  ${baton} complete ${demoPlanId} --merge   brings the work into main`);
      if (baton !== 'baton') say('  (baton is not on your PATH: `npm link` in its checkout puts it there)');
      say(`Remove it when done: rm -rf ${shellQuote(directory)}`);
    });
}
