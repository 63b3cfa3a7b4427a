import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseShell } from '../../../src/core/shell/parse.ts';
import { isReadOnlyCommand } from '../../../src/core/shell/read-only.ts';

const allowed = [
  'ls -la',
  'ls src && cat package.json',
  'cat src/a.ts | head -20',
  'grep -rn "TODO" src | wc -l',
  'grep ">" file.txt',
  "grep '>' file.txt",
  'grep -E "a|b" src/x.ts',
  'rg --files -g "*.ts" src',
  'rg "foo > bar" .',
  'find . -name "*.ts" -not -path "./node_modules/*"',
  'find src -type f | sort | uniq -c',
  'git log --oneline -20',
  'git -C . log --stat',
  'git --no-pager diff HEAD~1 -- src',
  'git show HEAD:src/a.ts',
  'git status --short',
  'git branch',
  'git branch -a --contains HEAD',
  'git blame -L 1,20 src/a.ts',
  'git ls-files | grep test',
  'git rev-parse --show-toplevel',
  'git config --get user.name',
  'git tag -l "v*"',
  'git stash list',
  'pwd',
  'echo hello world',
  'echo "a > b"',
  'tree -L 2 src',
  'file bin/baton.js',
  'stat -c %s package.json',
  'which node',
  'wc -l src/*.ts',
  'head -n 5 README.md; tail -n 5 README.md',
  'ls 2>/dev/null',
  'cat missing.txt 2>/dev/null || echo none',
  'grep -r foo src > /dev/null && echo found',
  'ls 2>&1 | head',
  'cat src/a.ts |& head',
  'ls\ncat package.json',
  'cat <<EOF\nhello > world\nEOF',
  "cat <<'EOF'\n$(rm -rf .)\nEOF",
  'grep foo <<< "foo bar"',
  'cat $(git ls-files | head -1)',
  'diff <(git show HEAD:a.ts) a.ts',
  'echo `pwd`',
  'sed -n "1,20p" src/a.ts',
  "sed 's/a/b/g' src/a.ts",
  "sed -e 's/a/b/' -e '/x/d' src/a.ts",
  "awk '{ print $1 }' file.txt",
  "awk -F: '{ print $2 }' /etc/passwd",
  'git ls-files -z | xargs -0 wc -l',
  'find . -name "*.md" | xargs grep -l baton',
  'cd src && ls',
  'sort -u names.txt',
  '# just a comment',
  'ls # trailing comment with > inside',
  'jq .name package.json',
  'command -v git',
];

const denied: Array<[command: string, reasonPart: RegExp]> = [
  ['echo x > ../f', /redirection/],
  ['echo x >> notes.md', /redirection/],
  ['echo x >| f', /redirection/],
  ['ls &> out.txt', /redirection/],
  ['ls 1>out.txt', /redirection/],
  ['ls 2>errors.txt', /redirection/],
  ['ls >&out.txt', /redirection/],
  ['cat > src/x.ts <<EOF\nexport const x = 1;\nEOF', /redirection/],
  ['cat <<EOF > file\nhello\nEOF', /redirection/],
  ['cat <<EOF >file\nhi\nEOF', /redirection/],
  ['tee src/x.ts <<EOF\nx\nEOF', /tee is not/],
  ['echo x | tee f', /tee is not/],
  ['sed -i "s/a/b/" src/a.ts', /sed -i/],
  ['sed -i.bak s/a/b/ src/a.ts', /sed -i/],
  ['sed -Ei s/a/b/ src/a.ts', /sed -i/],
  ['sed --in-place s/a/b/ f', /sed -i/],
  ["sed 's/a/b/w out.txt' f", /writes a file/],
  ["sed -n '1w out.txt' f", /writes a file/],
  ["sed '1e rm -rf .' f", /runs a shell command/],
  ["sed 's/.*/rm x/e' f", /runs a shell command/],
  ['perl -i -pe "s/a/b/" f', /perl is not/],
  ['dd if=/dev/zero of=f', /dd is not/],
  ['cp a b', /cp is not/],
  ['mv a b', /mv is not/],
  ['rm -rf .', /rm is not/],
  ['mkdir x', /mkdir is not/],
  ['touch x', /touch is not/],
  ['chmod +x f', /chmod is not/],
  ['ln -s a b', /ln is not/],
  ['git commit -m x', /git commit/],
  ['git -C . commit -am x', /git commit/],
  ['git checkout -- src', /git checkout/],
  ['git reset --hard', /git reset/],
  ['git apply patch.diff', /git apply/],
  ['git push', /git push/],
  ['git stash', /git stash/],
  ['git branch new-feature', /creates a branch/],
  ['git branch -D main', /changes branches/],
  ['git tag v1', /creates or deletes/],
  ['git config user.name x', /changes configuration/],
  ['git -c core.pager="rm -rf ." log', /run other commands/],
  ['git diff --output=patch.txt', /--output/],
  ['npm install left-pad', /npm is not/],
  ['pip install x', /pip is not/],
  ["python -c \"open('f','w')\"", /python is not/],
  ['python3 script.py', /python3 is not/],
  ["node -e \"require('fs').writeFileSync('f','')\"", /node is not/],
  ['bash -c "echo x > f"', /bash is not/],
  ['sh script.sh', /sh is not/],
  ['eval "rm x"', /eval is not/],
  ['source env.sh', /source is not/],
  ['. ./env.sh', /\. is not/],
  ['exec rm x', /exec is not/],
  ['find . -name "*.tmp" -delete', /-delete/],
  ['find . -exec rm {} \\;', /-exec/],
  ['find . -fprint out.txt', /-fprint/],
  ['find . | xargs rm', /xargs runs rm/],
  ['find . | xargs sed -i s/a/b/', /xargs runs sed/],
  ['echo $(rm -rf .)', /rm is not/],
  ['ls "$(rm -rf .)"', /rm is not/],
  ['echo `touch x`', /touch is not/],
  ['diff <(rm x) a', /rm is not/],
  ['ls >(cat)', /process substitution/],
  ['FOO=1 rm x', /environment assignments/],
  ['FOO=1 ls', /environment assignments/],
  ['ls\nrm x', /rm is not/],
  ['ls; rm x', /rm is not/],
  ['ls && rm x', /rm is not/],
  ['ls || rm x', /rm is not/],
  ['ls & rm x', /rm is not/],
  ['ls |& tee log', /tee is not/],
  ['awk \'{ print > "out" }\' f', /awk program/],
  ['awk \'BEGIN { system("rm x") }\'', /awk program/],
  ['awk -f prog.awk f', /awk -f/],
  ['awk -i inplace "{print}" f', /awk -i/],
  ['sort -o out.txt in.txt', /sort -o/],
  ['sort -uo out.txt in.txt', /sort -o/],
  ['sort $(echo -o) f', /computed at run time/],
  ['sort {-o,f} g', /computed at run time/],
  ['tree -o out.txt', /tree -o/],
  ['rg --pre ./evil foo', /--pre/],
  ['uniq a b', /writes a file/],
  ['$CMD x', /computed at run time/],
  ['/bin/rm x', /only commands found on PATH/],
  ['./script.sh', /only commands found on PATH/],
  ['\\rm x', /rm is not/],
  ["'rm' x", /rm is not/],
  ['r"m" x', /rm is not/],
  ['for f in *; do rm $f; done', /compound|rm is not/],
  ['if true; then rm x; fi', /compound/],
  ['(rm x)', /subshells/],
  ['{ rm x; }', /compound/],
  ['f() { rm x; }; f', /subshells/],
  ['echo $((1+2))', /arithmetic/],
  ['echo "unclosed', /unclosed/],
  ['cat <<EOF\n$(rm -rf .)\nEOF', /here-document/],
  ['env rm x', /env with arguments/],
  ['command rm x', /command runs/],
  ['time rm x', /compound/],
  ['sudo rm x', /sudo is not/],
  ['nohup rm x', /nohup is not/],
  ['timeout 5 rm x', /timeout is not/],
  ['cat f <> f', /not read-only/],
  ['ls > "$HOME/x"', /redirection/],
  ['date -s "2020-01-01"', /clock/],
  ['git grep -O foo', /pager/],
  ['curl -o f https://example.com', /curl is not/],
  ['wget https://example.com', /wget is not/],
  ['truncate -s 0 f', /truncate is not/],
  ['install -m 644 a b', /install is not/],
  ['patch -p1 < fix.diff', /patch is not/],
];

describe('isReadOnlyCommand', () => {
  for (const command of allowed) {
    test(`allows ${JSON.stringify(command)}`, () => {
      assert.deepEqual(isReadOnlyCommand(command), { readOnly: true });
    });
  }
  for (const [command, reasonPart] of denied) {
    test(`denies ${JSON.stringify(command)}`, () => {
      const verdict = isReadOnlyCommand(command);
      assert.equal(verdict.readOnly, false, `expected a denial for ${command}`);
      if (!verdict.readOnly) assert.match(verdict.reason, reasonPart);
    });
  }
});

describe('parseShell', () => {
  test('splits on separators and keeps quoted operators inside words', () => {
    const parsed = parseShell('grep ">" a.txt | wc -l && echo "x;y" ; ls');
    assert.deepEqual(
      parsed.commands.map((command) => command.words.map((word) => word.value)),
      [['grep', '>', 'a.txt'], ['wc', '-l'], ['echo', 'x;y'], ['ls']],
    );
    assert.deepEqual(parsed.problems, []);
  });

  test('reads fd numbers, redirection targets and here-document bodies', () => {
    const parsed = parseShell('cat 2>/dev/null <<EOF >out\nline > 1\nEOF\nls');
    assert.equal(parsed.commands.length, 2);
    const [cat, ls] = parsed.commands;
    assert.deepEqual(
      cat!.redirects.map((redirect) => [redirect.fd, redirect.operator, redirect.target.value]),
      [
        ['2', '>', '/dev/null'],
        [undefined, '<<', 'EOF'],
        [undefined, '>', 'out'],
      ],
    );
    assert.deepEqual(
      ls!.words.map((word) => word.value),
      ['ls'],
    );
  });

  test('a digit separated from > is an argument, not an fd', () => {
    const parsed = parseShell('echo 2 > f');
    assert.deepEqual(
      parsed.commands[0]!.words.map((word) => word.value),
      ['echo', '2'],
    );
    assert.equal(parsed.commands[0]!.redirects[0]!.fd, undefined);
  });

  test('returns nested substitutions for the caller to judge', () => {
    const parsed = parseShell('echo "$(git log -1 --format=%H)" `pwd` <(ls)');
    assert.deepEqual(
      parsed.substitutions.map((substitution) => [substitution.kind, substitution.inner]),
      [
        ['$(', 'git log -1 --format=%H'],
        ['`', 'pwd'],
        ['<(', 'ls'],
      ],
    );
  });

  test('joins line continuations', () => {
    const parsed = parseShell('git log \\\n  --oneline');
    assert.deepEqual(
      parsed.commands[0]!.words.map((word) => word.value),
      ['git', 'log', '--oneline'],
    );
  });
});
