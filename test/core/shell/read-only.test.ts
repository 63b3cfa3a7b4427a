import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseShell } from '../../../src/core/shell/parse-shell.ts';
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
  'find . ! -name "*.md"',
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
  'git log HEAD@{1} -1',
  'pwd',
  'echo hello world',
  'echo "a > b"',
  "echo 'it''s $HOME and `pwd`'",
  'tree -L 2 src',
  'file bin/baton.js',
  'stat -c %s package.json',
  'which node',
  'type git',
  'wc -l src/*.ts',
  'cat src/[ab].ts',
  'head -n 5 README.md; tail -n 5 README.md',
  'ls 2>/dev/null',
  'ls >/dev/null 2>&1',
  'git log 2>/dev/null|head -1',
  'cat missing.txt 2>/dev/null || echo none',
  'grep -r foo src > /dev/null && echo found',
  'ls 2>&1 | head',
  'ls\ncat package.json',
  'ls |\n  wc -l',
  'ls;',
  'sed -n "1,20p" src/a.ts',
  "sed 's/a/b/g' src/a.ts",
  "sed -e 's/a/b/' -e '/x/d' src/a.ts",
  "awk '{ print $1 }' file.txt",
  "awk -F: '{ print $2 }' /etc/passwd",
  'git ls-files -z | xargs -0 wc -l',
  'find . -name "*.md" | xargs grep -l baton',
  'cd src && ls',
  'sort -u names.txt',
  'jq .name package.json',
  "printf '%s\\n' a b",
  'test -f package.json && echo yes',
  'test a != b',
  '[ ! -e x ]',
  '[ -d src ] && ls src',
  'grep "é" docs/a.md',
  'baton show p1 --json',
  'baton plans --state review',
  'baton status',
  'baton lint',
  'baton pool query --since 2h --limit 10',
  'baton claims --json',
];

const denied: Array<[command: string, reasonPart: RegExp]> = [
  ['echo x > ../f', /redirection/],
  ['echo x >> notes.md', /redirection/],
  ['echo x >| f', /redirection/],
  ['ls &> out.txt', /redirection &>/],
  ['ls 1>out.txt', /redirection/],
  ['ls 2>errors.txt', /redirection/],
  ['ls >&out.txt', /redirection/],
  ['ls 2>& 1', /redirection/],
  ['ls 2>&1x', /redirection/],
  ['ls 3>/dev/null', /file descriptor 3/],
  ['ls >/dev/null2', /redirection/],
  ['ls > "/dev/null"', /redirection/],
  ['cat < f', /input redirection/],
  ['cat > src/x.ts <<EOF\nexport const x = 1;\nEOF', /redirection/],
  ['cat <<EOF\nhello\nEOF', /here-documents/],
  ['grep foo <<< "foo bar"', /here-strings/],
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
  ["python -c \"open('f','w')\"", /python is not/],
  ["node -e \"require('fs').writeFileSync('f','')\"", /node is not/],
  ['bash -c "echo x > f"', /bash is not/],
  ['eval "rm x"', /eval runs another command/],
  ['source env.sh', /source runs another command/],
  ['. ./env.sh', /\. runs another command/],
  ['exec rm x', /exec runs another command/],
  ['env rm x', /env runs another command/],
  ['env', /env runs another command/],
  ['command rm x', /command runs another command/],
  ['command -v git', /command runs another command/],
  ['builtin echo x', /builtin runs another command/],
  ['time rm x', /time runs another command/],
  ['find . -name "*.tmp" -delete', /-delete/],
  ['find . -exec rm {} ;', /-exec/],
  ['find . -fprint out.txt', /-fprint/],
  ['find * -name x', /pattern \* could expand/],
  ['sed s/a/b/ *', /pattern \* could expand/],
  ['find . | xargs rm', /xargs runs rm/],
  ['find . | xargs sed -i s/a/b/', /xargs runs sed/],
  ['echo $(rm -rf .)', /command substitution \$\(/],
  ['ls "$(rm -rf .)"', /inside double quotes/],
  ['echo `touch x`', /command substitution `/],
  ['diff <(rm x) a', /process substitution <\(/],
  ['ls >(cat)', /process substitution >\(/],
  ['FOO=1 rm x', /variable assignments/],
  ['FOO=1 ls', /variable assignments/],
  ['a[1]=x ls', /variable assignments|pattern/],
  ['ls\nrm x', /rm is not/],
  ['ls; rm x', /rm is not/],
  ['ls && rm x', /rm is not/],
  ['ls || rm x', /rm is not/],
  ['ls & rm x', /background/],
  ['ls |& tee log', /\|&/],
  ['ls |', /ends with \|/],
  ['; ls', /no command before/],
  ['ls ;; ls', /;;/],
  ['awk \'{ print > "out" }\' f', /awk program/],
  ['awk \'BEGIN { system("rm x") }\'', /awk program/],
  ['awk -f prog.awk f', /awk -f/],
  ['sort -o out.txt in.txt', /sort -o/],
  ['sort -uo out.txt in.txt', /sort -o/],
  ['sort $(echo -o) f', /command substitution/],
  ['sort {-o,f} g', /brace expansion/],
  ['ls {a..c}', /brace expansion/],
  ['tree -o out.txt', /tree -o/],
  ['rg --pre ./evil foo', /--pre/],
  ['uniq a b', /writes a file/],
  ['$CMD x', /\$ expansions/],
  ['l* x', /command name l\* is a pattern/],
  ['/bin/rm x', /only commands found on PATH/],
  ['./script.sh', /only commands found on PATH/],
  ['\\rm x', /backslash/],
  ["'rm' x", /rm is not/],
  ['r"m" x', /rm is not/],
  ['for f in a; do rm $f; done', /compound|\$/],
  ['if true; then rm x; fi', /compound/],
  ['(rm x)', /parentheses/],
  ['{ rm x; }', /compound/],
  ['f() { rm x; }; f', /parentheses/],
  ['echo $((1+2))', /arithmetic/],
  ['echo $[1+2]', /arithmetic/],
  ['echo "unclosed', /unclosed/],
  ["echo 'unclosed", /unclosed/],
  ['sudo rm x', /sudo runs another command/],
  ['nohup rm x', /nohup runs another command/],
  ['timeout 5 rm x', /timeout runs another command/],
  ['cat f <> f', /input redirection/],
  ['ls > "$HOME/x"', /redirection/],
  ['date -s "2020-01-01"', /clock/],
  ['git grep -O foo', /pager/],
  ['curl -o f https://example.com', /curl is not/],
  ['# just a comment', /comments/],
  ['ls # comment', /comments/],
  ["ls $'-la'", /ANSI-C/],
  ['ls $"x"', /locale/],
  ['ls ~', /~/],
  ['ls a=~', /~/],
  ['ls "a\\"b"', /inside double quotes/],
  ['echo "!x"', /inside double quotes/],
  ['echo !x', /! is allowed only/],
  ['echo !=x', /! is allowed only/],
  ['echo x!', /! is allowed only/],
  ['printf -v x y', /printf -v/],
  ["test -v 'a[0]'", /test -v/],
  ['[ -v x ]', /test -v/],
  ['printf *', /pattern/],
  ['ls \\\n -la', /line continuation/],
  ['ls\r# x', /carriage return/],
  ['ls\u000b-la', /vertical tab/],
  ['ls "\u200b"', /invisible/],
  ['ls é', /only inside quotes/],
  ['echo "a\nb"', /line break inside quotes/],
  ['{x}>/dev/null ls', /file descriptor to a variable/],
  ['', /no command/],
  ['baton approve p1', /baton approve is not a read-only/],
  ['baton hooks uninstall', /baton hooks is not a read-only/],
  ['baton pool post --summary x', /baton pool post/],
  ['baton show p1 --out x', /not known to be read-only/],
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
  const words = (source: string) => {
    const parsed = parseShell(source);
    assert.ok('commands' in parsed, JSON.stringify(parsed));
    return parsed.commands.map((command) => command.words.map((word) => word.value));
  };

  test('splits on separators and keeps quoted operators inside words', () => {
    assert.deepEqual(words('grep ">" a.txt | wc -l && echo "x;y" ; ls'), [
      ['grep', '>', 'a.txt'],
      ['wc', '-l'],
      ['echo', 'x;y'],
      ['ls'],
    ]);
  });

  test('reads fd numbers only right before > and at the start of a word', () => {
    const parsed = parseShell('cat 2>/dev/null f >/dev/null 2>&1');
    assert.ok('commands' in parsed);
    assert.deepEqual(parsed.commands[0]!.redirects, ['2>/dev/null', '>/dev/null', '2>&1']);
    assert.deepEqual(words('echo 2 >/dev/null'), [['echo', '2']]);
    assert.deepEqual(words('echo a2>/dev/null'), [['echo', 'a2']]);
  });

  test('marks globs, and nothing else, as computed', () => {
    const parsed = parseShell('ls src/*.ts a?b [ab] x[ HEAD~2 "*"');
    assert.ok('commands' in parsed);
    assert.deepEqual(
      parsed.commands[0]!.words.map((word) => [word.value, word.glob]),
      [
        ['ls', false],
        ['src/*.ts', true],
        ['a?b', true],
        ['[ab]', true],
        ['x[', false],
        ['HEAD~2', false],
        ['*', false],
      ],
    );
  });

  test('joins quoted and unquoted parts of a word', () => {
    assert.deepEqual(words(`echo a'b c'"d e"f`), [['echo', 'ab cd ef']]);
  });
});
