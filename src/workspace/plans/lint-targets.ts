// What `baton lint` checks: named plan ids or files, or every plan in review and active.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../../config.ts';
import type { Diagnostic } from '../../core/plan/model.ts';
import { BatonError } from '../../errors.ts';
import { lintText } from './plan-document.ts';
import { findPlan, listPlanFiles } from './plan-files.ts';
import { planFolders } from './plan-folders.ts';

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
  const files: Array<{ id: string; file: string }> =
    targets.length === 0
      ? listPlanFiles(folders, ['review', 'active']).map((plan) => ({ id: plan.id, file: plan.file }))
      : targets.map((target) => {
          if (target.endsWith('.md') || target.includes('/') || existsSync(target)) {
            if (!existsSync(target) || !statSync(target).isFile()) {
              throw new BatonError('USAGE', `no such plan file: ${target}`);
            }
            return { id: path.basename(target, '.md'), file: path.resolve(target) };
          }
          const location = findPlan(folders, target);
          return { id: location.id, file: location.file };
        });
  return files.map(({ id, file }) => ({
    id,
    file,
    diagnostics: lintText(readFileSync(file, 'utf8'), file, repositoryRoot).diagnostics,
  }));
}
