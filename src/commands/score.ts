// `baton score <plan> <task>`: a person records their review of a task whose review `baton run
// --reviewer manual` handed to them (REVIEW_<task>.md). A person's command: refused to agents.
import type { Command } from 'commander';

interface ScoreOptions {
  criterion?: string[];
  file?: string;
  note?: string;
  verdict?: string;
  by?: string;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('score')
    .description(
      'record your review of a task handed to you by baton run --reviewer manual: a score per criterion; the next run merges it or gives the executor your feedback',
    )
    .argument('<plan>', 'the plan id')
    .argument('<task>', 'the task id, e.g. T2')
    .option(
      '--criterion <name=score>',
      'a criterion and its score, 0–100 (repeatable or comma-separated): adherence, correctness, architecture, readability, security, performance',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option(
      '--file <file>',
      'the scores in a YAML or JSON file (scores:, summary:, issues:), as the REVIEW file shows',
    )
    .option('--note <text>', 'what to change (or what you liked): the executor reads it with the scores')
    .option('--verdict <verdict>', 'approve or request-changes, over what the scores say')
    .option('--by <name>', 'who reviews (default: git user.name)')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      '\nExample: baton score auth-jwt T3 --criterion adherence=95,correctness=90,architecture=90 \\\n' +
        '           --criterion readability=85,security=95,performance=90 --note "name the helper for what it does"\n' +
        'The total is weighed as review.weights says; at review.threshold (90) or above the work is approved.\n',
    )
    .action(async (planId: string, taskId: string, options: ScoreOptions) => {
      // The environment and the processes above: an agent that emptied its environment is found too.
      const { assertPersonProcess } = await import('../workspace/people/person-process.ts');
      assertPersonProcess('score');
      const { BatonError } = await import('../errors.ts');
      const { answerFromDocument, personAnswer, scoresFromFlags } = await import(
        '../core/review/person-scores.ts'
      );
      const verdict =
        options.verdict === undefined
          ? undefined
          : (
              {
                approve: 'approved',
                approved: 'approved',
                'request-changes': 'changes-requested',
                'changes-requested': 'changes-requested',
              } as const
            )[options.verdict.trim().toLowerCase() as 'approve'];
      if (options.verdict !== undefined && verdict === undefined)
        throw new BatonError(
          'USAGE',
          `--verdict: "${options.verdict}" is neither approve nor request-changes`,
        );
      // Every flag and the file are read before the store is opened.
      const parts = [];
      if (options.file !== undefined) {
        const { readFileSync } = await import('node:fs');
        // yaml is CommonJS: a lazy import of it gets its functions on the default export only
        // in the bundle (dist/), so they are taken from there, which the sources give too.
        const { parse } = (await import('yaml')).default;
        let document: unknown;
        try {
          document = parse(readFileSync(options.file, 'utf8'));
        } catch (error) {
          throw new BatonError('USAGE', `--file: cannot read ${options.file}: ${(error as Error).message}`);
        }
        parts.push(answerFromDocument(document, options.file));
      }
      parts.push({ scores: scoresFromFlags(options.criterion ?? []) });
      const answer = personAnswer(parts, options.note);
      const { withContext } = await import('./context.ts');
      const { requirePlanArgument } = await import('./plan-argument.ts');
      const { findTask } = await import('../plans/load-plan.ts');
      const { recordPersonReview } = await import('../runner/person-review.ts');
      const { personName } = await import('../workspace/git.ts');
      const { writeJson, writeLine } = await import('./output.ts');
      await withContext(async (context) => {
        const loaded = requirePlanArgument(context, planId, taskId);
        const task = findTask(loaded, taskId);
        const by = options.by ?? personName(context.repositoryRoot);
        const { result, verdict: decided } = await recordPersonReview({
          store: await context.store(),
          planId,
          plan: loaded.plan,
          taskId: task.id,
          answer,
          ...(verdict ? { verdict } : {}),
          by,
          review: {
            threshold: context.config.review.threshold,
            weights: Object.fromEntries(
              Object.entries(context.config.review.weights).filter(([, weight]) => weight !== undefined),
            ) as Record<string, number>,
          },
          heartbeatMs: context.config.run.heartbeat,
        });
        if (options.json)
          return writeJson({
            ok: true,
            planId,
            taskId: task.id,
            verdict: decided,
            total: result.total,
            threshold: result.threshold,
            by,
          });
        writeLine(
          `${task.id}: ${decided === 'approved' ? 'APPROVED' : 'CHANGES REQUESTED'} by ${by} with ${result.total} (threshold ${result.threshold})`,
        );
        writeLine(
          decided === 'approved'
            ? `Next: baton run ${planId} verifies and merges the reviewed work.`
            : `Next: baton run ${planId} gives the executor your feedback for another round.`,
        );
      });
    });
}
