// The `sh` scripts of a task merge (`mergeIntoBranch`): every git call of a merge in one
// process from the runner, or two when the scope check must happen in JavaScript between the
// merged tree and its commit. Nothing is written but objects until `update-ref`, which moves
// the branch only if it is still at the tip the merge was made on.

// Git reads these from the environment and they change what a pathspec means (`:(exclude)…`
// taken as a file name, or matched without regard to case): the scope check must not follow.
const pathspecEnvironment =
  'unset GIT_LITERAL_PATHSPECS GIT_GLOB_PATHSPECS GIT_NOGLOB_PATHSPECS GIT_ICASE_PATHSPECS';

// Needs $target $branch $tree $tip $head $message. Exits 24 when the commit
// fails, 25 when the target is no longer at $tip; prints `merged <commit> <tip>`.
const commitAndMove = `commit=$(git commit-tree "$tree" -p "$tip" -p "$head" -m "$message") || exit 24
git update-ref -m "baton: merge $branch" "refs/heads/$target" "$commit" "$tip" || exit 25
printf 'merged %s %s\\n' "$commit" "$tip"`;

// A changed path with `..` in it: `pathMatchesGlob` normalises `d/../x` to `x`, git compares it
// as written (under `d`), so such a merge is checked in JavaScript.
const dotDotPaths = `':(glob)**/*..*' ':(glob)**/*..*/**'`;

/**
 * $1 target branch, $2 task branch, $3 the target's tip the merge expects (`-`: wherever it
 * is), $4 "empty" when the task changed nothing, $5 the message of the empty commit such a task
 * gets (so it has a merge of its own), $6 the merge's message, $7 what to do with a clean merge:
 * `commit` it; `check` it first against the exclude pathspecs that follow (the task's scope,
 * see scope-pathspec.ts) and commit it when it changes nothing else; or `list` it for the
 * runner. Prints `moved <actual>` when the target is not at $3; `merged <commit> <tip>`; or
 * `tree <tree> <head> <tip>` then the files the merged tree changes against the tip (NUL after
 * each: the scope check's input, then `commitMergeScript`), which `check` also prints when git
 * finds a change outside the scope or cannot tell; or `conflict <tip>`, the partial tree and
 * the conflicted paths.
 */
export const taskMergeScript = `${pathspecEnvironment}
tips=$(git rev-parse "refs/heads/$1^{commit}" "refs/heads/$2^{commit}" 2>/dev/null) || exit 22
actual=\${tips%%[!0-9a-f]*} head=\${tips##*[!0-9a-f]} tip=$3
if [ "$tip" = - ]; then tip=$actual; elif [ "$actual" != "$tip" ]; then printf 'moved %s\\n' "$actual"; exit 0; fi
if [ "$4" = empty ]; then head=$(git commit-tree "$head^{tree}" -p "$head" -m "$5") || exit 22; fi
tree=$(git -c core.quotePath=false merge-tree --write-tree --name-only --no-messages "$tip" "$head")
case $? in
  0) ;;
  1) printf 'conflict %s\\n%s\\n' "$tip" "$tree"; exit 0 ;;
  *) exit 23 ;;
esac
target=$1 branch=$2 message=$6 mode=$7
shift 7
if [ "$mode" = list ] || { [ "$mode" = check ] && ! {
  git diff-tree -r --quiet --no-renames "$tip" "$tree" -- ${dotDotPaths} &&
  git diff-tree -r --quiet --no-renames "$tip" "$tree" -- ':/' "$@"; }; }; then
  printf 'tree %s %s %s\\n' "$tree" "$head" "$tip"
  exec git diff-tree -r --name-only --no-renames -z "$tip" "$tree"
fi
${commitAndMove}`;

/** $1 target branch, $2 task branch, $3 the target's tip, $4 the message, $5 the merged tree, $6 the task's head. */
export const commitMergeScript = `target=$1 branch=$2 tip=$3 message=$4 tree=$5 head=$6
${commitAndMove}`;
