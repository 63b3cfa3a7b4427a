// A node:test reporter for scripts/count-attempts.ts: one JSON line per test (suites left out),
// with its file, name and outcome.
export default async function* attemptsReporter(
  source: AsyncIterable<{ type: string; data: Record<string, unknown> }>,
): AsyncGenerator<string> {
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const data = event.data as {
      name: string;
      file?: string;
      todo?: string | boolean;
      skip?: string | boolean;
      details?: { type?: string };
    };
    if (data.details?.type === 'suite' || data.file === undefined) continue;
    // A test file's own entry (its top level) carries the file as its name: not a test.
    if (data.name === data.file) continue;
    const outcome =
      data.todo !== undefined && data.todo !== false ? 'todo' : event.type === 'test:pass' ? 'pass' : 'fail';
    if (data.skip !== undefined && data.skip !== false) continue;
    yield `${JSON.stringify({ file: data.file, name: data.name, outcome })}\n`;
  }
}
