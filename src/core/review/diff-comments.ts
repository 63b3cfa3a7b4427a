// A person's comments on lines of a task's diff, as the page sends them, and how they are
// written for an agent: one line each, `file:line: text`, under the line it is about — as the
// next round's feedback of a blocked task, or as the success criteria of a follow-up task when
// the task is already merged.

export interface DiffComment {
  file: string;
  line: number;
  /** `old`: a removed line, numbered as in the old file. */
  side: 'old' | 'new';
  text: string;
}

/** One comment on one line: its place, then its words (line breaks folded to spaces). */
export function commentLine(comment: DiffComment): string {
  const where = `${comment.file}:${comment.line}${comment.side === 'old' ? ' (removed line)' : ''}`;
  return `${where}: ${comment.text.trim().replace(/\s+/g, ' ')}`;
}

/** The comments as one note, a list item each. */
export function commentsNote(comments: readonly DiffComment[]): string {
  return comments.map((comment) => `- ${commentLine(comment)}`).join('\n');
}
