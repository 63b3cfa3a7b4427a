// The agent's last message, from Claude Code's transcript (JSON lines) when the Stop payload does
// not carry `last_assistant_message` (older versions). One model message is written as several
// lines (one per content block) sharing `message.id`: the text blocks of the trailing assistant
// lines with the last id are the message.
import { readFileSync } from 'node:fs';

interface TranscriptLine {
  type?: unknown;
  message?: { id?: unknown; role?: unknown; content?: unknown };
}

function textOf(content: unknown): string[] {
  if (typeof content === 'string') return [content];
  if (!Array.isArray(content)) return [];
  return content
    .filter(
      (block): block is { type: string; text: string } =>
        block?.type === 'text' && typeof block.text === 'string',
    )
    .map((block) => block.text);
}

export function lastAssistantText(transcriptPath: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(transcriptPath, 'utf8');
  } catch {
    return undefined;
  }
  const lines = text.split('\n');
  const parts: string[] = [];
  let messageId: unknown;
  for (let index = lines.length - 1; index >= 0; index -= 1) {
    const raw = lines[index]!.trim();
    if (raw === '') continue;
    let line: TranscriptLine;
    try {
      line = JSON.parse(raw) as TranscriptLine;
    } catch {
      continue;
    }
    const isAssistant = line.type === 'assistant' || line.message?.role === 'assistant';
    if (!isAssistant) {
      if (parts.length > 0 || messageId !== undefined) break;
      // Hook and system lines may follow the last message.
      if (line.type === 'user') break;
      continue;
    }
    if (messageId !== undefined && line.message?.id !== messageId) break;
    messageId = line.message?.id ?? null;
    parts.unshift(...textOf(line.message?.content));
  }
  return parts.length > 0 ? parts.join('\n') : undefined;
}
