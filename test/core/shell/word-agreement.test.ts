// The grammar reads words exactly as bash does: random command lines built from every character
// class the word grammar knows (quotes of all kinds, the literal punctuation, ~ { } ! ] [ inside
// words, non-ASCII text, fd redirections) are parsed, and every line the parser accepts without a
// glob is run by bash with each command replaced by a program that records its arguments. The
// arguments bash passed must be the words the parser returned. BATON_FUZZ_SEED repeats a run
// (`random` draws one).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseShell } from '../../../src/core/shell/parse-shell.ts';
import { makeTemporaryDirectory } from '../../support/repository.ts';

const printable = fc.constantFrom(
  ...'abcXYZ019_-./,:=+@%^]~{}!?*[#$`\\\'"&|;<>() \t'.split(''),
  'é',
  '中',
  '→',
);

const segment = fc.oneof(
  { arbitrary: fc.stringMatching(/^[A-Za-z0-9_\-./,:=+@%^\]]{1,6}$/), weight: 4 },
  { arbitrary: fc.array(printable, { maxLength: 6 }).map((parts) => parts.join('')), weight: 1 },
  {
    arbitrary: fc
      .array(printable, { maxLength: 6 })
      .map((parts) => `'${parts.join('').replaceAll("'", '')}'`),
    weight: 2,
  },
  { arbitrary: fc.array(printable, { maxLength: 6 }).map((parts) => `"${parts.join('')}"`), weight: 2 },
  { arbitrary: fc.constantFrom('~', 'a~1', 'x{0}', '{}', '!', 'a=b', ']', '['), weight: 1 },
);

const word = fc.array(segment, { minLength: 1, maxLength: 3 }).map((parts) => parts.join(''));
const blank = fc.constantFrom(' ', ' ', '\t', ' 2>/dev/null ', ' >/dev/null ', ' 2>&1 ', ' 2>/dev/null');
const command = fc
  .array(fc.tuple(blank, word), { maxLength: 4 })
  .map((args) => `record${args.map(([space, text]) => `${space}${text}`).join('')}`);
const line = fc
  .array(fc.tuple(command, fc.constantFrom('; ', '\n', ' && ', ' | ', ';')), { minLength: 1, maxLength: 3 })
  .map((parts) =>
    parts.map(([text, separator], index) => (index === 0 ? text : `${separator}${text}`)).join(''),
  );

test('every word the parser accepts is the argument bash passes', (t) => {
  // A fixed seed by default: generated lines may also differ from bash in control flow (a pipe
  // into a command that is not found stops a following `&&`; `a | ! b` is a syntax error to
  // bash), which says nothing about words, so a run in CI must not depend on the draw.
  // BATON_FUZZ_SEED=random draws a new one.
  const chosen = process.env.BATON_FUZZ_SEED ?? '20261203';
  const seed = chosen === 'random' ? Date.now() % 2 ** 31 : Number(chosen);
  t.diagnostic(`seed ${seed} (BATON_FUZZ_SEED=${seed} repeats this run)`);
  const folder = makeTemporaryDirectory(t, 'baton-words-');
  const log = path.join(folder, 'log');
  // One write per call (arguments after US, the call ended by RS), so pipelines do not interleave.
  writeFileSync(
    path.join(folder, 'record'),
    `#!/bin/bash\nr=''; for a in "$@"; do r+="$a"$'\\037'; done; printf '%s\\036' "$r" >> '${log}'\n`,
  );
  chmodSync(path.join(folder, 'record'), 0o755);
  let compared = 0;
  fc.assert(
    fc.property(line, (source) => {
      const parsed = parseShell(source);
      if ('refused' in parsed || parsed.commands.some((simple) => simple.words.some((w) => w.glob))) return;
      compared += 1;
      rmSync(log, { force: true });
      spawnSync('bash', ['-c', source], {
        cwd: folder,
        env: { PATH: `${folder}:/usr/bin:/bin`, LANG: 'C.UTF-8', HOME: folder },
        stdio: ['ignore', 'ignore', 'ignore'],
      });
      const calls = (existsSync(log) ? readFileSync(log, 'utf8') : '')
        .split('\u001e')
        .slice(0, -1)
        .map((call) => JSON.stringify(call.split('\u001f').slice(0, -1)))
        .sort();
      // A command glued to its fd number (record2>/dev/null) is named record2 by both, and not found.
      const expected = parsed.commands
        .filter((simple) => simple.words[0]?.value === 'record')
        .map((simple) => JSON.stringify(simple.words.slice(1).map((w) => w.value)))
        .sort();
      assert.deepEqual(calls, expected, `seed ${seed}: ${JSON.stringify(source)}`);
    }),
    { seed, numRuns: Number(process.env.BATON_FUZZ_RUNS ?? 300), endOnFailure: true },
  );
  t.diagnostic(`${compared} accepted command lines compared with bash`);
  assert.ok(compared >= 30, `only ${compared} command lines were accepted`);
});
