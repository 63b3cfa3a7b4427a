// Every file under src/ has a name of its own, so a name found in a stack trace, a review or a
// conversation leads to one file in one step (DESIGN.md: homes that say what they hold). A face
// is named for its command (commands/pool.ts); the service behind it for what it does.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

const sourceRoot = path.resolve(import.meta.dirname, '..', 'src');

test('no two files under src/ share a name', () => {
  const byName = new Map<string, string[]>();
  for (const entry of readdirSync(sourceRoot, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const relative = path.relative(sourceRoot, path.join(entry.parentPath, entry.name));
    byName.set(entry.name, [...(byName.get(entry.name) ?? []), relative]);
  }
  const repeated = [...byName.values()].filter((paths) => paths.length > 1).map((paths) => paths.sort());
  assert.deepEqual(repeated, []);
});
