// The `Baton-Task: <plan>/<task>` trailer that marks a task's merge commit: written by the
// merge (merge.ts) and read back by a resumed run to know which tasks are already merged.
// Written and read here only, so the two can never disagree on its spelling.

const trailerKey = 'Baton-Task';

/** `Baton-Task: auth-jwt/T3`. */
export function taskTrailer(planId: string, taskId: string): string {
  return `${trailerKey}: ${planId}/${taskId}`;
}

/** The task ids of `planId` named by trailers among the lines of commit messages. */
export function trailerTaskIds(messageLines: Iterable<string>, planId: string): Set<string> {
  const prefix = `${trailerKey}: ${planId}/`;
  const taskIds = new Set<string>();
  for (const line of messageLines) {
    const trimmed = line.trim();
    if (trimmed.startsWith(prefix)) taskIds.add(trimmed.slice(prefix.length));
  }
  return taskIds;
}
