// The attempts to get a write past the planner's read-only Bash check: every known bypass of the
// adversarial review (issue 11, class 1) and more in the same shapes, each with a control — an
// honest read-only command the planner needs, which must still be allowed. Every attempt except
// those marked `effect: false` really changes the repository or asks baton to act when bash runs
// it (the test proves it in a throwaway copy), so a refusal is what stands between the planner
// and the write.

export interface Attempt {
  /** The class of the attempt, for the table in docs/security.md. */
  kind: string;
  attempt: string;
  /** An honest read-only command of the same kind, which must stay allowed. */
  control: string;
  /** False when bash, run on the attempt here, would change nothing (reads outside, hangs …). */
  effect?: false;
}

const ansiC = 'ANSI-C quoting';
const control = 'control characters';
const comment = 'comments after substitutions';
const heredoc = 'here-documents and here-strings';
const arithmetic = 'arithmetic and array subscripts';
const wrapper = 'wrappers and assignments';
const baton = "baton's own commands";
const writer = 'writing commands and options';
const glob = 'globs, braces and tildes';
const redirect = 'redirections, jobs and substitutions';
const expansion = 'parameter expansions and quote splitting';
const lines = 'line breaks';

export const attempts: Attempt[] = [
  { kind: ansiC, attempt: "sed $'-i' s/TODO/DONE/ README.md", control: "sed -n '1p' README.md" },
  { kind: ansiC, attempt: "sed $'\\x2di' s/TODO/DONE/ README.md", control: "sed 's/TODO/DONE/' README.md" },
  { kind: ansiC, attempt: "sed $'\\055i' s/TODO/DONE/ README.md", control: 'sed -n 1,2p README.md' },
  {
    kind: ansiC,
    attempt: "sed $'\\u002di' s/TODO/DONE/ README.md",
    control: "sed -E 's/(T)ODO/\\1/' README.md",
  },
  { kind: ansiC, attempt: "sed -n $'1\\x77 PWN' README.md", control: "sed -n '1p' README.md" },
  { kind: ansiC, attempt: "find src $'-delete'", control: 'find src -type f' },
  { kind: ansiC, attempt: "find src $'\\x2ddelete'", control: "find src -name '*.ts'" },
  {
    kind: ansiC,
    attempt: "find . -name a.ts $'-exec' touch PWN $'\\x3b'",
    control: 'find . -name a.ts -print',
  },
  { kind: ansiC, attempt: "sort $'-o' PWN README.md", control: 'sort README.md' },
  { kind: ansiC, attempt: "sort $'--output=PWN' README.md", control: 'sort -r README.md' },
  { kind: ansiC, attempt: "git diff HEAD~0 $'--output=PWN'", control: 'git diff HEAD~0 --stat' },
  { kind: ansiC, attempt: "git log -1 $'-\\x2doutput=PWN'", control: 'git log -1 --oneline' },
  { kind: ansiC, attempt: "$'\\x74ouch' PWN", control: 'ls -la' },
  { kind: ansiC, attempt: "baton $'\\x61pprove' p1", control: 'baton show p1' },
  { kind: control, attempt: 'echo x\r#; touch PWN', control: 'echo x' },
  { kind: control, attempt: 'cat README.md\r#; baton approve p1', control: 'cat README.md' },
  { kind: control, attempt: 'ls\r# | tee PWN', control: 'ls | wc -l' },
  { kind: control, attempt: 'echo a\u000b; touch PWN', control: 'echo a; echo b' },
  { kind: control, attempt: 'echo \u001b[2K; touch PWN', control: 'echo cleared' },
  { kind: control, attempt: 'touch PWN\b\b\bls', control: 'ls' },
  { kind: control, attempt: 'echo x\f; touch PWN', control: 'echo x\necho y' },
  { kind: control, attempt: 'grep x README.md \u200b; touch PWN', control: 'grep -n TODO README.md' },
  { kind: control, attempt: 'ls "\u202e"; touch PWN', control: 'grep "é" README.md' },
  { kind: comment, attempt: 'cat <(echo)#; touch PWN', control: 'cat README.md' },
  { kind: comment, attempt: 'diff <(ls)#x README.md; touch PWN', control: 'diff src/a.ts src/b.ts' },
  { kind: comment, attempt: 'echo $(: #)\ntouch PWN\n)', control: 'echo "#"' },
  { kind: comment, attempt: 'echo `: #`; touch PWN', control: "echo '#'" },
  { kind: comment, attempt: 'ls # \\\ntouch PWN', control: 'ls' },
  { kind: heredoc, attempt: 'cat <<EOF\n$(touch PWN)\nEOF', control: 'cat README.md' },
  { kind: heredoc, attempt: 'cat <<EOF\n$\\\n(touch PWN)\nEOF', control: 'head -n 1 README.md' },
  { kind: heredoc, attempt: "cat <<'EOF'\nEOF\ntouch PWN", control: 'tail -n 1 README.md' },
  { kind: heredoc, attempt: 'cat <<\\EOF\nx\nEOF\ntouch PWN', control: 'wc -l README.md' },
  { kind: heredoc, attempt: 'cat <<E"O"F\nx\nEOF\ntouch PWN', control: 'cat package.json' },
  { kind: heredoc, attempt: 'cat <<-EOF\n\t$(touch PWN)\n\tEOF', control: 'cat -n README.md' },
  { kind: heredoc, attempt: 'cat <<EOF >PWN\nx\nEOF', control: 'cat README.md >/dev/null' },
  { kind: heredoc, attempt: 'cat <<EOF\n`touch PWN`\nEOF', control: 'cat src/a.ts' },
  { kind: heredoc, attempt: 'cat <<< $(touch PWN)', control: 'echo x | cat' },
  { kind: heredoc, attempt: 'grep x <<< "$(touch PWN)"', control: 'echo x | grep x' },
  { kind: arithmetic, attempt: "printf -v 'a[$(touch PWN)]' x", control: "printf '%s' x" },
  { kind: arithmetic, attempt: "printf -v'a[$(touch PWN)]' x", control: 'printf x' },
  { kind: arithmetic, attempt: "test -v 'a[$(touch PWN)]'", control: 'test -f README.md' },
  { kind: arithmetic, attempt: "[ -v 'a[$(touch PWN)]' ]", control: '[ -d src ]' },
  { kind: arithmetic, attempt: "test ! -v 'a[$(touch PWN)]'", control: 'test ! -e PWN' },
  { kind: arithmetic, attempt: 'echo $[$(touch PWN)]', control: 'echo 1' },
  { kind: arithmetic, attempt: 'echo $(( $(touch PWN) ))', control: 'echo 2' },
  { kind: arithmetic, attempt: 'test -v "a[`touch PWN`]"', control: 'test -s README.md' },
  { kind: arithmetic, attempt: 'a[$(touch PWN)]=1; ls', control: 'ls' },
  { kind: arithmetic, attempt: "let 'a[$(touch PWN)]=1'", control: 'echo 1' },
  { kind: arithmetic, attempt: "declare -i x='a[$(touch PWN)]'", control: 'echo x' },
  { kind: wrapper, attempt: 'env touch PWN', control: 'printenv HOME' },
  { kind: wrapper, attempt: 'command touch PWN', control: 'type ls' },
  { kind: wrapper, attempt: 'command -p touch PWN', control: 'which git' },
  { kind: wrapper, attempt: "builtin eval 'touch PWN'", control: 'pwd' },
  { kind: wrapper, attempt: 'exec touch PWN', control: 'true' },
  { kind: wrapper, attempt: "eval 'touch PWN'", control: 'echo eval' },
  { kind: wrapper, attempt: 'FOO=1 touch PWN', control: 'ls src' },
  { kind: wrapper, attempt: 'PATH=/usr/bin touch PWN', control: 'ls docs' },
  { kind: wrapper, attempt: 'time touch PWN', control: 'date -u' },
  { kind: wrapper, attempt: 'git ls-files src | xargs touch', control: 'git ls-files | xargs wc -l' },
  { kind: baton, attempt: 'baton approve p1', control: 'baton show p1' },
  { kind: baton, attempt: 'baton hooks uninstall', control: 'baton status' },
  { kind: baton, attempt: 'baton reject p1', control: 'baton plans' },
  { kind: baton, attempt: 'baton complete p1 --merge', control: 'baton lint' },
  { kind: baton, attempt: 'baton revise p1', control: 'baton plans --state review' },
  { kind: baton, attempt: 'baton pool post --summary x', control: 'baton pool query --limit 5' },
  { kind: baton, attempt: 'baton claim src/a.ts', control: 'baton claims --json' },
  { kind: baton, attempt: 'baton release --all', control: 'baton cost' },
  { kind: baton, attempt: 'baton --debug approve p1', control: 'baton --debug show p1' },
  { kind: baton, attempt: 'baton show p1 && baton approve p1', control: 'baton show p1 && baton status p1' },
  { kind: writer, attempt: 'sed -i s/TODO/DONE/ README.md', control: 'sed -n 1p README.md' },
  { kind: writer, attempt: 'find src -delete', control: "find src -name '*.ts'" },
  { kind: writer, attempt: 'git update-ref refs/heads/x HEAD', control: 'git rev-parse HEAD' },
  { kind: writer, attempt: 'git branch -D feature', control: 'git branch -a' },
  { kind: writer, attempt: 'git config user.name x', control: 'git config --get user.name' },
  { kind: writer, attempt: 'echo x | tee PWN', control: 'echo x | cat' },
  { kind: writer, attempt: 'touch PWN', control: 'stat README.md' },
  { kind: writer, attempt: 'rm README.md', control: 'cat README.md' },
  { kind: glob, attempt: 'sort ?oPWN', control: 'sort README.md' },
  { kind: glob, attempt: 'find src ?delete', control: 'find src -type f' },
  { kind: glob, attempt: 'sed ?i s/TODO/DONE/ README.md', control: "sed 's/TODO/DONE/' README.md" },
  { kind: glob, attempt: 'sort README.md [-]oPWN', control: 'ls *' },
  { kind: glob, attempt: 'sort {-oPWN,README.md}', control: 'cat src/*.ts' },
  { kind: glob, attempt: 'git log -1 {--output=PWN,--oneline}', control: 'git log -1 --oneline' },
  { kind: glob, attempt: 'find src {-delete,-print}', control: 'git log -1 HEAD@{0}' },
  { kind: glob, attempt: 'cat ~/.profile', control: 'cat README.md', effect: false },
  { kind: glob, attempt: 'ls a=~', control: 'git log -1 HEAD~0', effect: false },
  { kind: redirect, attempt: 'ls >PWN', control: 'ls >/dev/null' },
  { kind: redirect, attempt: 'ls 2>PWN', control: 'ls 2>/dev/null' },
  { kind: redirect, attempt: 'ls &>PWN', control: 'ls >/dev/null 2>&1' },
  { kind: redirect, attempt: 'ls >|PWN', control: 'ls 2>&1 | head -1' },
  { kind: redirect, attempt: 'ls 1>>PWN', control: 'ls 1>>/dev/null' },
  { kind: redirect, attempt: 'ls >&PWN', control: 'ls 1>&2' },
  { kind: redirect, attempt: 'ls 2>&1 >PWN', control: 'ls 2>&1' },
  { kind: redirect, attempt: 'ls > /dev/null > PWN', control: 'ls > /dev/null' },
  { kind: redirect, attempt: 'ls 2>/dev/null>PWN', control: 'ls 2> /dev/null' },
  { kind: redirect, attempt: 'ls & touch PWN', control: 'ls && pwd' },
  { kind: redirect, attempt: 'ls |& tee PWN', control: 'ls | head -3' },
  { kind: redirect, attempt: 'cat <(touch PWN)', control: 'cat README.md' },
  { kind: redirect, attempt: 'ls >(touch PWN)', control: 'ls -d src' },
  { kind: redirect, attempt: 'echo `touch PWN`', control: 'echo touch' },
  { kind: redirect, attempt: 'echo $(touch PWN)', control: 'echo "(touch)"' },
  { kind: redirect, attempt: 'echo "$(touch PWN)"', control: "echo '$(touch PWN)'" },
  { kind: redirect, attempt: 'echo $' + '{X:-$(touch PWN)}', control: 'echo X' },
  { kind: redirect, attempt: '(touch PWN)', control: 'ls || echo none' },
  { kind: redirect, attempt: '{ touch PWN; }', control: 'ls; pwd' },
  { kind: redirect, attempt: 'touc\\\nh PWN', control: 'ls\npwd' },
  { kind: redirect, attempt: '\\touch PWN', control: "'ls' src" },
  { kind: redirect, attempt: 'ls {x}>PWN', control: 'ls' },
  { kind: expansion, attempt: 'touch$' + '{IFS}PWN', control: 'ls -la' },
  { kind: expansion, attempt: 't$@ouch PWN', control: 'ls' },
  { kind: expansion, attempt: 't$*ouch PWN', control: 'pwd' },
  { kind: expansion, attempt: '$' + '{X:-touch} PWN', control: 'echo X' },
  { kind: expansion, attempt: 'X=touch; $X PWN', control: 'echo X=touch' },
  { kind: expansion, attempt: 'sed $"-i" s/TODO/DONE/ README.md', control: 'sed -n "1p" README.md' },
  { kind: expansion, attempt: 'git log -1 --output=$PWD/PWN', control: 'git log -1 --stat' },
  { kind: expansion, attempt: "find src -$'delete'", control: "find src -name 'a*'" },
  { kind: expansion, attempt: "find src -de''lete", control: "find src -na''me a.ts" },
  { kind: expansion, attempt: 'find src -de"le"te', control: 'find src -"type" f' },
  { kind: expansion, attempt: "sed -'i' s/TODO/DONE/ README.md", control: "sed -'n' 1p README.md" },
  { kind: expansion, attempt: "sort -o'PWN' README.md", control: "sort -'r' README.md" },
  { kind: expansion, attempt: "git log -1 --out''put=PWN", control: "git log -1 --one''line" },
  { kind: expansion, attempt: "t'ou'ch PWN", control: "l's' -la" },
  { kind: expansion, attempt: 'echo ~+/PWN; touch PWN', control: 'echo HEAD~1' },
  { kind: lines, attempt: 'ls\ntouch PWN', control: 'ls\ngit status --short' },
  { kind: lines, attempt: 'ls;\n\ntouch PWN', control: 'ls;\n\npwd' },
  { kind: lines, attempt: 'ls |\ntouch PWN', control: 'ls |\nwc -l' },
  { kind: lines, attempt: 'ls &&\n touch PWN', control: 'ls &&\n pwd' },
  { kind: lines, attempt: 'echo "a\n"; touch PWN', control: "echo 'a'" },
  { kind: lines, attempt: "echo 'a\n'; touch PWN", control: 'echo a b' },
  { kind: glob, attempt: 'find ?delete', control: 'find . -maxdepth 1 -type f' },
  { kind: glob, attempt: 'sed -n 1p README.md ?i', control: 'sed -n 1p README.md' },
  { kind: glob, attempt: 'git log -1 ??output=PWN', control: 'git log -1 -- src' },
  { kind: glob, attempt: 'sort README.md -[o]PWN', control: 'grep -l TODO *' },
];
