// A person's review scores, as `baton score` takes them: `--criterion correctness=90` flags or a
// file (`scores:` with every criterion, optional `summary:` and `issues:`). Stricter than a
// judge's answer: every criterion, whole numbers from 0 to 100, nothing unknown — a person's
// typo is told, not guessed at.
import { BatonError } from '../../errors.ts';
import { isReviewCriterion, type ReviewCriterion, reviewCriteria } from './criteria.ts';
import { issueSeverities, type JudgeAnswer, type JudgeIssue } from './judge-answer.ts';

function usage(message: string): BatonError {
  return new BatonError('USAGE', message, {
    hint: `Give every criterion a whole number from 0 to 100: ${reviewCriteria.map((criterion) => `--criterion ${criterion}=…`).join(' ')}, or --file scores.yaml.`,
  });
}

function readScore(criterion: string, value: unknown, where: string): number {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (!/^\d{1,3}$/.test(text) || Number(text) > 100)
    throw usage(
      `${where}: the score of ${criterion} must be a whole number from 0 to 100, not ${JSON.stringify(value)}`,
    );
  return Number(text);
}

/** `name=value` flags into scores. */
export function scoresFromFlags(flags: readonly string[]): Partial<Record<ReviewCriterion, number>> {
  const scores: Partial<Record<ReviewCriterion, number>> = {};
  for (const flag of flags.flatMap((each) => each.split(','))) {
    const match = /^\s*([a-z]+)\s*[=:]\s*(.*?)\s*$/i.exec(flag);
    if (!match) throw usage(`--criterion: "${flag}" is not <criterion>=<score>`);
    const name = match[1]!.toLowerCase();
    if (!isReviewCriterion(name))
      throw usage(`--criterion: unknown criterion "${match[1]}" (known: ${reviewCriteria.join(', ')})`);
    scores[name] = readScore(name, match[2], '--criterion');
  }
  return scores;
}

/** A scores file's content (already parsed from YAML or JSON). */
export interface PartialAnswer {
  scores: Partial<Record<ReviewCriterion, number>>;
  issues?: JudgeIssue[];
  summary?: string;
}

export function answerFromDocument(document: unknown, where: string): PartialAnswer {
  if (!document || typeof document !== 'object' || Array.isArray(document))
    throw usage(`${where}: expected a mapping with scores:`);
  const record = document as Record<string, unknown>;
  const rawScores = (record.scores ?? record) as Record<string, unknown>;
  if (!rawScores || typeof rawScores !== 'object')
    throw usage(`${where}: scores: must be a mapping of criterion to score`);
  const scores: Partial<Record<ReviewCriterion, number>> = {};
  for (const [name, value] of Object.entries(rawScores)) {
    if (record.scores === undefined && (name === 'summary' || name === 'issues')) continue;
    if (!isReviewCriterion(name))
      throw usage(`${where}: unknown criterion "${name}" (known: ${reviewCriteria.join(', ')})`);
    scores[name] = readScore(name, value, where);
  }
  const issues: JudgeIssue[] = [];
  for (const issue of Array.isArray(record.issues) ? record.issues : []) {
    const entry = issue as Record<string, unknown>;
    const severity = String(entry?.severity ?? 'medium').toLowerCase();
    if (!(issueSeverities as readonly string[]).includes(severity) || typeof entry?.message !== 'string')
      throw usage(`${where}: each issue needs a message and a severity (${issueSeverities.join(', ')})`);
    issues.push({
      severity: severity as JudgeIssue['severity'],
      message: entry.message,
      ...(typeof entry.file === 'string' ? { file: entry.file } : {}),
    });
  }
  return { scores, issues, ...(typeof record.summary === 'string' ? { summary: record.summary } : {}) };
}

/** One complete answer: every criterion scored (flags over the file's), the note as its summary. */
export function personAnswer(parts: readonly PartialAnswer[], note: string | undefined): JudgeAnswer {
  const scores: Partial<Record<ReviewCriterion, number>> = {};
  const issues: JudgeIssue[] = [];
  const summaries: string[] = [];
  for (const part of parts) {
    Object.assign(scores, part.scores);
    issues.push(...(part.issues ?? []));
    if (part.summary?.trim()) summaries.push(part.summary.trim());
  }
  if (note?.trim()) summaries.push(note.trim());
  const missing = reviewCriteria.filter((criterion) => scores[criterion] === undefined);
  if (missing.length > 0) throw usage(`no score for ${missing.join(', ')}`);
  return {
    scores: scores as Record<ReviewCriterion, number>,
    evidence: {},
    issues,
    summary: summaries.join('\n\n'),
  };
}
