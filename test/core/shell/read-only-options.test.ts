// The audit's bypasses of the planner's read-only check, and a property-style sweep: for every
// command judged by an option spec, every abbreviation of a refused long option and every
// attached or clustered spelling of a refused short option is refused.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { parseOptions } from '../../../src/core/shell/options.ts';
import { commandOptionSpecs, isReadOnlyCommand } from '../../../src/core/shell/read-only.ts';

const audit: string[] = [
  `git grep --open-files='sh -c "touch PWN"' -l x`,
  `git grep --open='sh -c "touch PWN"' -l x`,
  `git grep '-Osh -c "touch PWN"' -l x`,
  `git grep -lO'sh -c "touch PWN"' x`,
  `git grep -O/tmp/x x`,
  `echo x | xargs --process-slot-var echo sh -c 'touch PWN'`,
  `echo x | xargs --proc echo sh -c 'touch PWN'`,
  `echo x | xargs --process-slot-var=V sh -c 'touch PWN'`,
  `awk 'BEGIN{f="sys" "tem"; @f("touch PWN")}'`,
  `awk --so='BEGIN{system("touch PWN")}' 1`,
  `awk --source='BEGIN{print 1}' 1`,
  `awk '@load "rwarray"; BEGIN{a[1]=1; writea("PWN",a)}'`,
  `awk '@include "x.awk"'`,
  `awk -e 'BEGIN{print 1}'`,
  `awk -l rwarray 'BEGIN{}'`,
  `awk -W exec x.awk`,
  `awk 'BEGIN{"touch PWN" | getline}'`,
  `awk 'BEGIN { sys\\\ntem("touch PWN") }'`,
  `sed --in s/root/EDITED/ f`,
  `sed --in-pl=.bak s/root/EDITED/ f`,
  `sed --expr='w PWN' < f`,
  `sed --expression='w PWN' f`,
  `sed -ne 'w PWN' f`,
  `sed -nf script.sed f`,
  `sed -ni s/a/b/ f`,
  `sort -o./PWN f`,
  `sort -o/tmp/PWN f`,
  `sort --outp=PWN f`,
  `sort --o PWN f`,
  `sort -ruo PWN f`,
  `sort --compress=sh f`,
  `tree -o/x`,
  `tree -Lo 2 x`,
  `tree -R -H . x`,
  `git branch -r --del origin/x`,
  `git branch --de x`,
  `git branch -rd origin/x`,
  `git branch --set-up=origin/x`,
  `git symbolic-ref --delete refs/heads/x`,
  `git symbolic-ref --del refs/heads/x`,
  `git symbolic-ref -d HEAD`,
  `git symbolic-ref HEAD refs/heads/x`,
  `uniq -- in -out`,
  `uniq in out`,
  `uniq -c in out`,
  `git log --outp=PWN`,
  `git log --output PWN`,
  `git show --out=PWN HEAD`,
  `git diff --output=PWN`,
  `git --git-dir=evil.git log`,
  `git -c core.pager=sh log`,
  `git tag -d v1`,
  `git tag --del v1`,
  `git config --ed`,
  `git config --add a.b c`,
  `git config a.b c`,
  `git reflog expire --all`,
  `git reflog delete HEAD@{1}`,
  `git stash drop`,
  `find . -fprin PWN`,
  `find . -newer f -delete`,
  `find . -name -delete`,
  `find . -unknown-primary`,
  `fd --exec-b rm`,
  `fd -x rm`,
  `rg --pre=sh x`,
  `rg --hostname-bin=sh x`,
  `rg --pr sh x`,
  `date 010100002020`,
  `file -C -m magic`,
  `file --comp -m magic`,
  `hostname -F /etc/hosts`,
  `xxd a b`,
  `command -v -p rm`,
];

const stillAllowed = [
  'sort -k2,2 -t, -u names.txt',
  'sort -rn f | uniq -c',
  'uniq -c f',
  'uniq f',
  'tree -L 2 -a src',
  'git grep -n -e foo -- src',
  'git grep -l foo',
  'git branch --list "feat/*"',
  'git branch -vv',
  'git branch -r',
  'git symbolic-ref HEAD',
  'git symbolic-ref --short HEAD',
  'git log -5 --format=%H --author=me -- src',
  'git log -n 3 -p',
  'git log --stat=200 --since=2.weeks',
  'git show --name-only HEAD~2',
  'git diff --cached --stat',
  'git diff -U5 HEAD~1',
  'git tag --list "v*"',
  'git tag',
  'git remote -v',
  'git config --list',
  'git reflog -5',
  'git reflog show main',
  'git stash show -p stash@{0}',
  'git status -sb',
  'git status -uno',
  'sed -n "1,20p" f',
  'sed -E -n -e "s/a/b/p" f',
  "awk -F, -v x=1 '{ print $1, x }' f",
  "awk -- '{ print NR }' f",
  'echo a | xargs -n1 -I{} echo {}',
  'find . -maxdepth 2 -type f -name "*.ts" -print0',
  'find . -newermt 2024-01-01 -ls',
  'fd -e ts -t f src',
  'rg -n --glob "*.ts" -e foo src',
  'date +%Y-%m-%d',
  'date -u',
  'file -b --mime-type f',
  'hostname -s',
];

function refused(command: string): boolean {
  return !isReadOnlyCommand(command).readOnly;
}

describe('audit bypasses of the read-only check', () => {
  for (const command of audit) {
    test(`refuses ${JSON.stringify(command)}`, () => {
      const verdict = isReadOnlyCommand(command);
      assert.equal(verdict.readOnly, false, `expected a refusal for ${command}`);
    });
  }
  for (const command of stillAllowed) {
    test(`still allows ${JSON.stringify(command)}`, () => {
      assert.deepEqual(isReadOnlyCommand(command), { readOnly: true });
    });
  }

  test('reasons name the option an abbreviation stands for', () => {
    const verdict = isReadOnlyCommand('sed --in s/a/b/ f');
    assert.ok(
      !verdict.readOnly && /--in abbreviates --in-place/.test(verdict.reason),
      JSON.stringify(verdict),
    );
    const expr = isReadOnlyCommand("sed --expr='p' f");
    assert.ok(!expr.readOnly && /--expression in full/.test(expr.reason), JSON.stringify(expr));
  });
});

const quote = (word: string) => `'${word.replaceAll("'", `'\\''`)}'`;

/** The command prefix for a spec key (`git grep` → `git grep`) and a harmless trailing operand. */
function commandLine(key: string, spelling: string[]): string {
  const tail = key === 'awk' ? ["'{print}'"] : key === 'sed' ? ['p', 'f'] : ['f'];
  return [key, ...spelling.map(quote), ...tail].join(' ');
}

describe('property: every spelling of a refused option is refused', () => {
  const specs = Object.entries(commandOptionSpecs);
  test('covers the commands named by the audit', () => {
    for (const name of [
      'sort',
      'uniq',
      'tree',
      'sed',
      'awk',
      'xargs',
      'git grep',
      'git branch',
      'git symbolic-ref',
      'git log',
    ]) {
      assert.ok(
        specs.some(([key]) => key === name),
        `${name} has no spec`,
      );
    }
  });
  for (const [key, spec] of specs) {
    test(`${key}: abbreviations and attached values of refused options`, () => {
      const spellings: string[][] = [];
      for (const name of Object.keys(spec.refusedLong ?? {})) {
        for (let length = 1; length <= name.length; length += 1) {
          const prefix = `--${name.slice(0, length)}`;
          spellings.push([prefix], [`${prefix}=PWN`], [prefix, 'PWN'], [`${prefix}=sh -c "touch PWN"`]);
        }
      }
      const flags = [...(spec.flags ?? '')];
      const valued = [...(spec.valued ?? '')];
      for (const letter of Object.keys(spec.refusedShort ?? {})) {
        for (const value of ['', 'PWN', './PWN', '/tmp/PWN', 'sh -c "touch PWN"', '=x']) {
          spellings.push([`-${letter}${value}`]);
          for (const flag of flags) spellings.push([`-${flag}${letter}${value}`]);
          for (const valueLetter of valued) spellings.push([`-${valueLetter}${letter}${value}`]);
        }
        spellings.push([`-${letter}`, 'PWN']);
      }
      for (const spelling of spellings) {
        const line = commandLine(key, spelling);
        assert.ok(refused(line), `expected a refusal for ${line}`);
      }
    });
    test(`${key}: unknown long options are refused`, () => {
      for (const unknown of ['--zzz-unknown', '--zzz-unknown=1']) {
        assert.ok(refused(commandLine(key, [unknown])), `${key} ${unknown}`);
      }
    });
    test(`${key}: a long option known to the spec is accepted only when written in full`, () => {
      for (const entry of spec.long ?? []) {
        const name = entry.replace(/=\??$/, '');
        const parsed = parseOptions(key, [`--${name}${entry.endsWith('=') ? '=v' : ''}`], spec);
        assert.ok(!('refused' in parsed), `--${name} refused: ${JSON.stringify(parsed)}`);
        const full = (spec.long ?? []).map((other) => other.replace(/=\??$/, ''));
        if (name.length > 1) {
          const abbreviation = name.slice(0, -1);
          if (!full.includes(abbreviation)) {
            const short = parseOptions(key, [`--${abbreviation}`], spec);
            assert.ok('refused' in short, `--${abbreviation} accepted`);
          }
        }
      }
    });
  }
});

// Real behaviour: the refused spellings do what the audit said (when the tool is installed).
describe('the refused commands really write', () => {
  const run = (command: string, folder: string) => {
    try {
      execFileSync('/bin/sh', ['-c', command], { cwd: folder, stdio: 'ignore', timeout: 5000 });
    } catch {
      // Exit status does not matter: only what was written.
    }
  };
  const cases: Array<[string, string]> = [
    ['sort --outp=PWN f', 'PWN'],
    ['sort -o./PWN f', 'PWN'],
    ['uniq -- f -out', '-out'],
    ['sed --in s/a/EDITED/ f', 'f.edited'],
  ];
  for (const [command, written] of cases) {
    test(`${command} writes ${written}, and is refused`, () => {
      const folder = mkdtempSync(path.join(tmpdir(), 'baton-readonly-'));
      try {
        writeFileSync(path.join(folder, 'f'), 'a\n');
        run(command, folder);
        const wrote =
          written === 'f.edited'
            ? execFileSync('cat', ['f'], { cwd: folder, encoding: 'utf8' }).includes('EDITED')
            : existsSync(path.join(folder, written));
        assert.ok(wrote, `${command} did not write in this environment`);
        assert.ok(refused(command), `${command} is allowed`);
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    });
  }
});
