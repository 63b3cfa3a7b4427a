// What an instance is shown with its prompt: the attention header of seed 001, then the HOT
// files whole (within a budget) and the first lines of the WARM ones.

export interface HotFile {
  path: string;
  text: string;
  /** The text was cut to keep within the budget. */
  truncated: boolean;
}

export interface WarmFile {
  path: string;
  /** The file's first lines. */
  head: string;
}

export interface AttentionView {
  instance: string;
  turn: number;
  hot: readonly HotFile[];
  warm: readonly WarmFile[];
  /** Files in the repository that are neither. */
  cold: number;
}

export function attentionHeader(view: Pick<AttentionView, 'turn' | 'hot' | 'warm' | 'cold'>): string {
  const counts = `║ 🔥 Hot: ${view.hot.length} │ 🌡️ Warm: ${view.warm.length} │ ❄️ Cold: ${view.cold} ║`;
  const title = `╔══ ATTENTION STATE [Turn ${view.turn}] ══╗`;
  return [title, counts, `╚${'═'.repeat(Math.max(title.length, counts.length) - 2)}╝`].join('\n');
}

function fence(text: string): string {
  // A fence longer than any run of backticks inside the text.
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((run) => run[0].length));
  return '`'.repeat(longest + 1);
}

export function renderAttention(view: AttentionView): string {
  const parts = [
    attentionHeader(view),
    `baton attention of instance ${view.instance}: files named in recent prompts or edited in this session.`,
  ];
  if (view.hot.length > 0) {
    parts.push('', 'HOT (whole files, as they are now):');
    for (const file of view.hot) {
      const marker = fence(file.text);
      parts.push(
        '',
        `### ${file.path}${file.truncated ? ' (cut short)' : ''}`,
        marker,
        file.text.replace(/\n$/, ''),
        marker,
      );
    }
  }
  if (view.warm.length > 0) {
    parts.push('', 'WARM (first lines only; read the file for more):');
    for (const file of view.warm) {
      const marker = fence(file.head);
      parts.push('', `### ${file.path}`, marker, file.head.replace(/\n$/, ''), marker);
    }
  }
  return parts.join('\n');
}
