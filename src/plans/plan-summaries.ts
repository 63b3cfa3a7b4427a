// The overview `baton plans` prints: every plan with its state, task count, progress and
// whether an active plan still matches its approval. Start-up time matters here: a plan's title
// and task ids come from a line scan (core/plan/summary.ts) and only a plan the scan cannot
// read with certainty is parsed in full.
import { statSync } from 'node:fs';
import type { Config } from '../config/config-schema.ts';
import { approvalStatus, planEventKinds } from '../core/lifecycle/approval.ts';
import { type PlanTextSummary, summarisePlanText } from '../core/plan/summary.ts';
import type { PlanReads } from '../store/plan-read-queries.ts';
import { listPlanFiles, readPlanText } from './plan-files.ts';
import { type PlanState, planFolders } from './plan-folders.ts';

export interface PlanSummary {
  id: string;
  state: PlanState;
  title: string;
  file: string;
  tasks: number;
  done: number;
  /** The other state folders the same plan file is in (moved by hand); absent when none. */
  alsoIn?: PlanState[];
  /** Active plans: whether the text still matches its approval. */
  approved?: { by: string; at: number; current: boolean };
}

// What plan files held when last read, by path: a long-lived process (baton ui reads every plan
// for the board, again at each event) reads a file again only when its stat changes. A file
// changed in the last two seconds is not kept (a write within the file system's time
// granularity would not change the stat), as git treats a racily clean file.
interface ReadPlanFile {
  stat: string;
  text: string;
  summary: PlanTextSummary;
}
const readFiles = new Map<string, ReadPlanFile>();
const readFilesKept = 2000;
const settledMs = 2000;

async function readPlanFile(file: string): Promise<Omit<ReadPlanFile, 'stat'>> {
  const info = statSync(file, { bigint: true });
  const stat = `${info.ino}:${info.size}:${info.mtimeNs}:${info.ctimeNs}`;
  const known = readFiles.get(file);
  if (known?.stat === stat) return known;
  const text = readPlanText(file);
  const summary = await readSummary(text);
  if (Date.now() - Math.max(Number(info.mtimeMs), Number(info.ctimeMs)) > settledMs) {
    if (readFiles.size >= readFilesKept) readFiles.clear();
    readFiles.set(file, { stat, text, summary });
  } else readFiles.delete(file);
  return { text, summary };
}

async function readSummary(text: string): Promise<PlanTextSummary> {
  const scanned = summarisePlanText(text);
  if (scanned) return scanned;
  const { parsePlan } = await import('../core/plan/parse.ts');
  const { plan } = parsePlan(text);
  return { title: plan.meta.title, taskIds: plan.tasks.map((task) => task.id) };
}

export async function summarisePlans(
  repositoryRoot: string,
  config: Config,
  reads: PlanReads,
  states?: readonly PlanState[],
): Promise<PlanSummary[]> {
  const folders = planFolders(repositoryRoot, config);
  const locations = listPlanFiles(folders, states);
  const everywhere = states === undefined ? locations : listPlanFiles(folders);
  const runs = locations.length > 0 ? await reads.taskRunStates() : [];
  // Every active plan's approval events at once, not a query per plan.
  const active = locations.filter((location) => location.state === 'active').map((location) => location.id);
  const approvalEvents = active.length > 0 ? await reads.plansEvents(active, planEventKinds) : new Map();
  const summaries: PlanSummary[] = [];
  for (const location of locations) {
    const {
      text,
      summary: { title, taskIds },
    } = await readPlanFile(location.file);
    const known = new Set(taskIds);
    const done = runs.filter(
      (run) => run.planId === location.id && run.state === 'done' && known.has(run.taskId),
    ).length;
    const summary: PlanSummary = {
      id: location.id,
      state: location.state,
      title,
      file: location.file,
      tasks: taskIds.length,
      done: location.state === 'completed' && done === 0 ? 0 : done,
    };
    const alsoIn = everywhere
      .filter((other) => other.id === location.id && other.state !== location.state)
      .map((other) => other.state);
    if (alsoIn.length > 0) summary.alsoIn = alsoIn;
    if (location.state === 'active') {
      const status = approvalStatus(approvalEvents.get(location.id) ?? [], text);
      if (status.approval)
        summary.approved = { by: status.approval.by, at: status.approval.at, current: status.current };
    }
    summaries.push(summary);
  }
  return summaries;
}
