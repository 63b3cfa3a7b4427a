# A cheap scripted executor (bench/run.ts and bench/support/bare-run.sh): writes "<task> OK"
# into each declared file, sleeps TEST_SLEEP_MS, and logs start and end as JSON lines in
# TEST_LOG. Shell, not node, and bash's builtins wherever one will do (the clock, the file's
# folder, the sleep's length): only `sleep` and, for a folder not there yet, `mkdir` are
# processes, so the benchmark measures baton rather than its scripted agent.
now() {
  local microseconds=${EPOCHREALTIME/[.,]/}
  echo $((microseconds / 1000))
}
echo "{\"task\":\"$BATON_TASK\",\"round\":$BATON_ROUND,\"what\":\"start\",\"at\":$(now)}" >> "$TEST_LOG"
IFS=',' read -ra files <<< "$BATON_TASK_FILES"
for file in "${files[@]}"; do
  if [[ $file == */* && ! -d ${file%/*} ]]; then mkdir -p "${file%/*}"; fi
  echo "$BATON_TASK OK" > "$file"
done
milliseconds=${TEST_SLEEP_MS:-150}
sleep "$((milliseconds / 1000)).$(printf '%03d' $((milliseconds % 1000)))"
echo "{\"task\":\"$BATON_TASK\",\"round\":$BATON_ROUND,\"what\":\"end\",\"at\":$(now)}" >> "$TEST_LOG"
