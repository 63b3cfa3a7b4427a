// The lifecycle moves: approve, revise, reject, complete. Each is one atomic move plus an event.
import type { Command } from 'commander';
import { BatonError } from '../errors.ts';
import type { TransitionResult } from '../plans/lifecycle.ts';

async function report(result: TransitionResult, json: boolean | undefined, lines: string[]): Promise<void> {
  const { writeJson, writeLine } = await import('./output.ts');
  if (json) return writeJson({ ok: true, ...result });
  for (const line of lines) writeLine(line);
}

function requireReason(reason: string | undefined, command: string): string {
  if (!reason || reason.trim() === '') throw new BatonError('USAGE', `${command} needs a non-empty --reason`);
  return reason.trim();
}

export function register(program: Command): void {
  registerApprove(program);
  registerRevise(program);
  registerReject(program);
  registerComplete(program);
}

/** `baton approve`: review → active, by a person at a terminal or with an SSH signature. */
function registerApprove(program: Command): void {
  program
    .command('approve')
    .description(
      'approve a plan that lints clean: review → active, recording who, when and the SHA-256 of the text',
    )
    .argument('<id>', 'the plan id')
    .option('--by <name>', 'who approves (default: git user.name)')
    .option(
      '--sign <key>',
      'sign the approval with this SSH key (ssh-keygen -Y sign); needed when approvals.allowed_signers is set',
    )
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      '\nA person approves: at a terminal (stdin and stdout TTYs, no agent above), or with --sign.\nAn agent (BATON_AGENT, BATON_ROLE, Claude Code, Codex) is refused with PERSON_ONLY.',
    )
    .action(async (id: string, options: { by?: string; sign?: string; json?: boolean }) => {
      const { approvePlan, currentPlanText } = await import('../plans/lifecycle.ts');
      const { assertPersonAtTerminal, assertPersonProcess } = await import(
        '../workspace/people/person-process.ts'
      );
      if (options.sign === undefined) assertPersonAtTerminal('approve');
      else assertPersonProcess('approve');
      const { personName } = await import('../workspace/git.ts');
      const { withLifecycle } = await import('./plan-context.ts');
      await withLifecycle(async (context) => {
        const by = options.by ?? personName(context.repositoryRoot);
        let signed: { sha256: string; signature: string } | undefined;
        if (options.sign !== undefined) {
          const { sha256 } = await import('../core/lifecycle/approval.ts');
          const { approvalSignedText } = await import('../core/people/approval-channel.ts');
          const { signText } = await import('../workspace/people/ssh-signature.ts');
          const digest = sha256(currentPlanText(context, id));
          signed = { sha256: digest, signature: signText(options.sign, approvalSignedText(id, digest)) };
        }
        const channel = signed ? 'signature' : 'terminal';
        const result = await approvePlan(context, id, { by, channel, ...(signed ? { signed } : {}) });
        await report(result, options.json, [
          `approved ${id} by ${by} ${signed ? 'with an SSH signature' : 'at the terminal'} (sha256 ${result.approval?.sha256.slice(0, 12)}…)${result.from === 'active' ? ' — re-approved after changes' : ': review → active'}`,
          'Any later edit to the plan withdraws this approval until it is approved again.',
        ]);
      });
    });
}

/** `baton revise`: active → review, with the reason. */
function registerRevise(program: Command): void {
  program
    .command('revise')
    .description('send an approved plan back to review to change it: active → review')
    .argument('<id>', 'the plan id')
    .requiredOption('--reason <text>', 'why it must change')
    .option('--json', 'print the result as JSON')
    .action(async (id: string, options: { reason?: string; json?: boolean }) => {
      (await import('../workspace/people/person-process.ts')).assertPersonProcess('revise');
      const { revisePlan } = await import('../plans/lifecycle.ts');
      const { withLifecycle } = await import('./plan-context.ts');
      const reason = requireReason(options.reason, 'revise');
      await withLifecycle(async (context) => {
        const result = await revisePlan(context, id, reason);
        await report(result, options.json, [
          `revised ${id}: active → review (${reason})`,
          `baton show ${id} shows the diff against the approved text.`,
        ]);
      });
    });
}

/** `baton reject`: → rejected, with the reason and who. */
function registerReject(program: Command): void {
  program
    .command('reject')
    .description('reject a plan: → rejected, keeping the reason')
    .argument('<id>', 'the plan id')
    .requiredOption('--reason <text>', 'why it is rejected')
    .option('--by <name>', 'who rejects (default: git user.name)')
    .option('--json', 'print the result as JSON')
    .action(async (id: string, options: { reason?: string; by?: string; json?: boolean }) => {
      (await import('../workspace/people/person-process.ts')).assertPersonProcess('reject');
      const { rejectPlan } = await import('../plans/lifecycle.ts');
      const { personName } = await import('../workspace/git.ts');
      const { withLifecycle } = await import('./plan-context.ts');
      const reason = requireReason(options.reason, 'reject');
      await withLifecycle(async (context) => {
        const result = await rejectPlan(
          context,
          id,
          reason,
          options.by ?? personName(context.repositoryRoot),
        );
        await report(result, options.json, [`rejected ${id}: ${result.from} → rejected (${reason})`]);
      });
    });
}

/** `baton complete`: active → completed, after an optional merge of the plan branch. */
function registerComplete(program: Command): void {
  program
    .command('complete')
    .description(
      "archive a finished plan: active → completed (refused while baton run's tasks are unfinished; a plan built without baton run needs its Verification to pass)",
    )
    .argument('<id>', 'the plan id')
    .option('--force', 'complete even though nothing shows every task done')
    .option('--merge', "first merge the integration branch baton/<id> into the plan's base")
    .option('--json', 'print the result as JSON')
    .action(async (id: string, options: { force?: boolean; merge?: boolean; json?: boolean }) => {
      (await import('../workspace/people/person-process.ts')).assertPersonProcess('complete');
      const { completePlan } = await import('../plans/lifecycle.ts');
      const { withLifecycle } = await import('./plan-context.ts');
      await withLifecycle(async (context) => {
        if (options.merge) {
          const { requireFirstCommit } = await import('../workspace/commits.ts');
          requireFirstCommit(context.repositoryRoot, `baton complete ${id} --merge`);
          const { mergePlanBranch } = await import('../runner/complete-merge.ts');
          const merged = await mergePlanBranch({ ...context, planId: id, force: options.force === true });
          if (!options.json)
            (await import('./output.ts')).writeLine(
              `merged ${merged.branch} into ${merged.base} (${merged.commit.slice(0, 12)})`,
            );
        }
        // Built outside baton run (no task runs): the plan's Verification decides, run here first.
        const { verifyForCompletion } = await import('../plans/completion-verification.ts');
        const verification = options.force ? undefined : await verifyForCompletion(context, id);
        const result = await completePlan(context, id, options.force === true, verification);
        const forced =
          result.unfinished.length > 0
            ? ` (forced; not recorded as done: ${result.unfinished.join(', ')})`
            : '';
        const verified = verification
          ? ` (no task runs; its Verification passed: ${verification.commands.map((entry) => entry.command).join(', ')})`
          : '';
        await report({ ...result, ...(verification ? { verification } : {}) }, options.json, [
          `completed ${id}: active → completed${forced}${verified}`,
        ]);
      });
    });
}
