// Agent CLIs print one JSON event a line, among lines that are not JSON at all (a warning, a
// progress bar): those are skipped, not errors.

/** The line's JSON object, or undefined when the line is not one. */
export function parseJsonLine(line: string): unknown {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{')) return undefined;
  try {
    return JSON.parse(trimmed);
  } catch {
    return undefined;
  }
}
