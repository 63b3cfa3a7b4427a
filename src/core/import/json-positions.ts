// Where things are in a JSON text: JSON.parse gives values but no positions, and warnings about
// a task should name its line. A small scanner over text JSON.parse has already accepted.

import type { SourcePosition } from '../plan/model.ts';

/** Position of every value, keyed by its path (`master/tasks/3/title`). */
export function jsonPositions(text: string): Map<string, SourcePosition> {
  const positions = new Map<string, SourcePosition>();
  const lineStarts = [0];
  for (let index = 0; index < text.length; index++) if (text[index] === '\n') lineStarts.push(index + 1);
  const positionAt = (offset: number): SourcePosition => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (lineStarts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - lineStarts[low]! + 1 };
  };

  let offset = 0;
  const skipSpace = () => {
    while (offset < text.length && /\s/.test(text[offset]!)) offset++;
  };
  const readString = (): string => {
    const start = offset;
    offset++;
    while (offset < text.length && text[offset] !== '"') offset += text[offset] === '\\' ? 2 : 1;
    offset++;
    return JSON.parse(text.slice(start, offset)) as string;
  };
  const readValue = (path: string): void => {
    skipSpace();
    positions.set(path, positionAt(offset));
    const character = text[offset];
    if (character === '{') {
      offset++;
      skipSpace();
      while (offset < text.length && text[offset] !== '}') {
        skipSpace();
        const key = readString();
        skipSpace();
        offset++; // :
        readValue(path === '' ? key : `${path}/${key}`);
        skipSpace();
        if (text[offset] === ',') offset++;
        skipSpace();
      }
      offset++;
    } else if (character === '[') {
      offset++;
      skipSpace();
      let index = 0;
      while (offset < text.length && text[offset] !== ']') {
        readValue(path === '' ? String(index) : `${path}/${index}`);
        index++;
        skipSpace();
        if (text[offset] === ',') offset++;
        skipSpace();
      }
      offset++;
    } else if (character === '"') {
      readString();
    } else {
      while (offset < text.length && !/[\s,\]}]/.test(text[offset]!)) offset++;
    }
  };
  readValue('');
  return positions;
}

/** Line and column of a JSON.parse error, from its message (`… at position 57 (line 4 column 5)`). */
export function jsonErrorPosition(text: string, message: string): SourcePosition {
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  if (lineColumn) return { line: Number(lineColumn[1]), column: Number(lineColumn[2]) };
  const position = /position (\d+)/.exec(message);
  const offset = position ? Number(position[1]) : /end of (JSON )?input/i.test(message) ? text.length : 0;
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}
