# The floor for bench/run.ts's wall time: the same tasks, with the same scripted executor, run
# by the least a shell script can do with git — no checks, no verification, no review. Each task
# gets a worktree on a branch of its own, its executor, a commit, and a `merge --no-ff` into the
# checkout (merges one at a time, under flock), CONCURRENCY tasks at a time. Prints the wall time
# in milliseconds from the first task's start to the last merge.
# Run: bash bench/support/bare-run.sh <empty scratch folder> <tasks> <concurrency> <executor ms>
set -euo pipefail
scratch=$1 tasks=$2 concurrency=$3 sleep_ms=$4
executor="$(cd "$(dirname "$0")" && pwd)/executor.sh"
repository=$scratch/repository
mkdir -p "$repository"
cd "$repository"
git init --quiet --initial-branch=main
git config user.email bench@example.com
git config user.name bench
git commit --quiet --allow-empty -m initial
: > "$scratch/executor.log"

task() {
  local worktree=$scratch/worktrees/T$1
  git worktree add --quiet -b "task-$1" "$worktree" main
  (
    cd "$worktree"
    BATON_TASK=T$1 BATON_ROUND=1 BATON_TASK_FILES=out/t$1.txt TEST_LOG=$scratch/executor.log \
      TEST_SLEEP_MS=$sleep_ms bash "$executor"
    git add --all
    git commit --quiet -m "T$1"
  )
  flock "$scratch/merge.lock" git merge --quiet --no-ff -m "merge T$1" "task-$1"
}

started=${EPOCHREALTIME/[.,]/}
running=0
for index in $(seq 1 "$tasks"); do
  task "$index" &
  running=$((running + 1))
  if [ "$running" -ge "$concurrency" ]; then
    wait -n
    running=$((running - 1))
  fi
done
wait
ended=${EPOCHREALTIME/[.,]/}
[ "$(git rev-list --count --merges HEAD)" -eq "$tasks" ] || { echo "not every task merged" >&2; exit 1; }
echo $(((ended - started) / 1000))
