// Plan files: finding them, writing them without ever leaving half a file, and moving them
// between state folders atomically, so that two processes racing on one plan get one success
// and one clear error, never a plan in two folders or in none.
import { linkSync, readdirSync, readFileSync, renameSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { BatonError } from '../errors.ts';
import { temporaryBeside, writeFileAtomically, writeNewFile } from '../workspace/atomic-write.ts';
import { type PlanFolders, type PlanState, planStates } from './plan-folders.ts';

export interface PlanLocation {
  id: string;
  state: PlanState;
  file: string;
}

const planIdPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

export function validatePlanId(id: string): string {
  if (!planIdPattern.test(id) || id.endsWith('.md')) {
    throw new BatonError('USAGE', `invalid plan id "${id}"`, {
      hint: 'Use letters, digits, ".", "_" and "-" (for example auth-jwt), at most 100 characters, without .md.',
    });
  }
  return id;
}

export function planFile(folders: PlanFolders, state: PlanState, id: string): string {
  return path.join(folders[state], `${id}.md`);
}

function listFolder(folder: string): string[] {
  try {
    return readdirSync(folder).filter((name) => name.endsWith('.md') && !name.startsWith('.'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

export function listPlanFiles(
  folders: PlanFolders,
  states: readonly PlanState[] = planStates,
): PlanLocation[] {
  const plans: PlanLocation[] = [];
  for (const state of states) {
    for (const name of listFolder(folders[state]).sort()) {
      plans.push({ id: name.slice(0, -3), state, file: path.join(folders[state], name) });
    }
  }
  return plans;
}

/** Every folder the plan is in; more than one means someone moved files by hand. */
export function locatePlan(folders: PlanFolders, id: string): PlanLocation[] {
  return listPlanFiles(folders).filter((plan) => plan.id === id);
}

export function findPlan(folders: PlanFolders, id: string): PlanLocation {
  validatePlanId(id);
  const found = locatePlan(folders, id);
  if (found.length === 0) {
    throw new BatonError('PLAN_NOT_FOUND', `no plan "${id}"`, {
      hint: 'baton plans lists the plans there are.',
    });
  }
  if (found.length > 1) {
    throw new BatonError(
      'PLAN_AMBIGUOUS',
      `plan "${id}" is in several state folders: ${found.map((plan) => plan.file).join(', ')}`,
      {
        hint: 'Remove the copies that are not current, so the plan is in one folder only.',
      },
    );
  }
  return found[0]!;
}

export function readPlanText(file: string): string {
  return readFileSync(file, 'utf8');
}

/**
 * Creates `file` with `text`, refusing to replace an existing file. The text is written to a
 * temporary file, flushed, then hard-linked into place: either the whole plan appears or none.
 */
export function createFileExclusive(file: string, text: string): void {
  const temporary = temporaryBeside(file);
  writeNewFile(temporary, text, { durable: true });
  try {
    linkSync(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new BatonError('PLAN_EXISTS', `${file} already exists`, {
        hint: 'Choose another id, or remove the existing plan.',
      });
    }
    throw error;
  } finally {
    unlinkSync(temporary);
  }
}

/** Replaces `file` with `text` atomically (temporary file, flushed, then renamed). */
export function replaceFile(file: string, text: string): void {
  writeFileAtomically(file, text, { durable: true });
}

/**
 * Moves a plan between state folders. rename(2) is atomic: of two processes moving the same
 * file, exactly one finds it; the other gets ENOENT, reported as a concurrent change.
 */
export function movePlanFile(folders: PlanFolders, plan: PlanLocation, to: PlanState): PlanLocation {
  const target = planFile(folders, to, plan.id);
  const concurrentChange = () =>
    new BatonError(
      'PLAN_CONCURRENT_CHANGE',
      `plan "${plan.id}" is no longer in ${plan.state}: another process moved it`,
      {
        hint: `Run baton show ${plan.id} to see where it is now.`,
      },
    );
  if (locatePlan(folders, plan.id).some((found) => found.state === to)) {
    if (!locatePlan(folders, plan.id).some((found) => found.state === plan.state)) throw concurrentChange();
    throw new BatonError('PLAN_EXISTS', `plan "${plan.id}" already exists in ${to}: ${target}`, {
      hint: 'Two copies of one plan: remove the one that is not current.',
    });
  }
  try {
    renameSync(plan.file, target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw concurrentChange();
    throw error;
  }
  return { id: plan.id, state: to, file: target };
}
