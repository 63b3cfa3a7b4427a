// The `sh` scripts of a task merge (`mergeIntoBranch`): every git call of a merge in one
// process from the runner, or two when the scope check must happen in JavaScript between the
// merged tree and its commit. Nothing is written but objects until `update-ref`, which moves
// the branch only if it is still at the tip the merge was made on.

// Needs $target $branch $tree $tip $head $message. Exits 24 when the commit
// fails, 25 when the target is no longer at $tip; prints `merged <commit> <tip>`.
const commitAndMove = `commit=$(git commit-tree "$tree" -p "$tip" -p "$head" -m "$message") || exit 24
git update-ref -m "baton: merge $branch" "refs/heads/$target" "$commit" "$tip" || exit 25
printf 'merged %s %s\\n' "$commit" "$tip"`;

// Returns 0 when every path the merged tree changes is one of "$@" (scope-in-script.ts) or under
// one: the comparison `pathMatchesGlob` makes for a literal, made by the shell itself (`case`
// with the path quoted, so no pattern), no process but the listing. A path git quotes (a control
// character, `"`, a backslash, anything beyond ASCII), a path with `..` in it (`pathMatchesGlob`
// reads `d/../x` as `x`) or a very long list returns 1, as a path outside does: the JavaScript
// check decides.
const inScope = `inScope() {
  changes=$(git -c core.quotePath=true diff-tree -r --name-only --no-renames "$tip" "$tree") || return 1
  [ \${#changes} -le 65536 ] || return 1
  while IFS= read -r file; do
    case $file in '') continue ;; \\"*|*..*) return 1 ;; esac
    for declared in "$@"; do
      case $file in "$declared"|"$declared"/*) continue 2 ;; esac
    done
    return 1
  done <<END
$changes
END
}`;

/**
 * $1 target branch, $2 what to merge (`refs/heads/<task branch>`, or the task's commit that was
 * verified and reviewed, wherever its branch is now), $3 the target's tip the merge expects (`-`:
 * wherever it is; `<tip>!` with a commit as $2: taken as it is, without reading either first,
 * since `update-ref` refuses the move anyway, exit 25, if the target is no longer there), $4 "empty" when the task changed nothing, $5 the message of the empty commit such a task
 * gets (so it has a merge of its own), $6 the merge's message, $7 what to do with a clean merge:
 * `commit` it; `check` it first against the paths that follow (the task's scope, see
 * scope-in-script.ts) and commit it when it changes nothing else; or `list` it for the runner.
 * Prints `moved <actual>` when the target is not at $3; `merged <commit> <tip>`; or `tree <tree>
 * <head> <tip>` then the files the merged tree changes against the tip (NUL after each: the
 * scope check's input, then `commitMergeScript`), which `check` also prints when `inScope` says
 * no; or `conflict <tip>`, the partial tree and the conflicted paths.
 */
export const taskMergeScript = `${inScope}
tip=$3 head=
case $tip in *!) tip=\${tip%!} head=$2 ;; esac
if [ -z "$head" ]; then
  tips=$(git rev-parse "refs/heads/$1^{commit}" "$2^{commit}" 2>/dev/null) || exit 22
  actual=\${tips%%[!0-9a-f]*} head=\${tips##*[!0-9a-f]}
  if [ "$tip" = - ]; then tip=$actual; elif [ "$actual" != "$tip" ]; then printf 'moved %s\\n' "$actual"; exit 0; fi
fi
if [ "$4" = empty ]; then head=$(git commit-tree "$head^{tree}" -p "$head" -m "$5") || exit 22; fi
tree=$(git -c core.quotePath=false merge-tree --write-tree --name-only --no-messages "$tip" "$head")
case $? in
  0) ;;
  1) printf 'conflict %s\\n%s\\n' "$tip" "$tree"; exit 0 ;;
  *) exit 23 ;;
esac
target=$1 branch=\${2#refs/heads/} message=$6 mode=$7
shift 7
if [ "$mode" = list ] || { [ "$mode" = check ] && ! inScope "$@"; }; then
  printf 'tree %s %s %s\\n' "$tree" "$head" "$tip"
  exec git diff-tree -r --name-only --no-renames -z "$tip" "$tree"
fi
${commitAndMove}`;

/** $1 target branch, $2 task branch, $3 the target's tip, $4 the message, $5 the merged tree, $6 the task's head. */
export const commitMergeScript = `target=$1 branch=$2 tip=$3 message=$4 tree=$5 head=$6
${commitAndMove}`;
