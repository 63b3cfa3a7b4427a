// What `baton lint` checks: named plan ids or files, or every plan in review and active.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/load-config.ts';
import type { Diagnostic } from '../core/plan/model.ts';
import { BatonError } from '../errors.ts';
import { lintText } from './plan-document.ts';
import { findPlan, listPlanFiles, locatePlan, validatePlanId } from './plan-files.ts';
import { type PlanState, planFolders } from './plan-folders.ts';

export interface LintTargetResult {
  id: string;
  file: string;
  diagnostics: Diagnostic[];
}

export function lintTargets(
  repositoryRoot: string,
  config: Config,
  targets: readonly string[],
): LintTargetResult[] {
  const folders = planFolders(repositoryRoot, config);
  // A plan in two state folders (files moved by hand) has no one state: every copy linted
  // gets an error saying so, since approve, run and show all refuse such a plan.
  const all = listPlanFiles(folders);
  const statesOf = (id: string) => all.filter((plan) => plan.id === id).map((plan) => plan.state);
  const files: Array<{ id: string; file: string; states?: PlanState[] }> =
    targets.length === 0
      ? listPlanFiles(folders, ['review', 'active']).map((plan) => ({ id: plan.id, file: plan.file }))
      : targets.flatMap((target) => {
          if (target.endsWith('.md') || target.includes('/') || existsSync(target)) {
            if (!existsSync(target)) throw new BatonError('USAGE', `no such plan file: ${target}`);
            if (!statSync(target).isFile())
              throw new BatonError('USAGE', `not a file: ${target}`, {
                hint: 'Name plan files or plan ids; with no argument, lint checks every plan in review and active.',
              });
            const file = path.resolve(target);
            const location = all.find((plan) => plan.file === file);
            return [
              { id: location?.id ?? path.basename(target, '.md'), file, states: location ? undefined : [] },
            ];
          }
          validatePlanId(target);
          const found = locatePlan(folders, target);
          if (found.length <= 1) {
            const location = findPlan(folders, target);
            return [{ id: location.id, file: location.file }];
          }
          return found.map((location) => ({ id: location.id, file: location.file }));
        });
  return files.map(({ id, file, states }) => {
    const diagnostics = lintText(readFileSync(file, 'utf8'), file, repositoryRoot).diagnostics;
    const copies = states ?? statesOf(id);
    if (copies.length > 1) {
      diagnostics.unshift({
        severity: 'error',
        code: 'PLAN_AMBIGUOUS',
        message: `plan "${id}" is in ${copies.length === 2 ? 'two' : copies.length} state folders: ${copies.map((state) => config.plans.states[state]).join(', ')}; remove the copy that is not current`,
        line: 1,
        column: 1,
        file,
      });
    }
    return { id, file, diagnostics };
  });
}
