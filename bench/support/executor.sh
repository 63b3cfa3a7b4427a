# A cheap scripted executor (bench/run.ts): writes "<task> OK" into each declared file, sleeps
# TEST_SLEEP_MS, and logs start and end as JSON lines in TEST_LOG. Shell, not node, so the
# benchmark measures baton rather than interpreter start-up.
now() { echo $(( $(date +%s%N) / 1000000 )); }
echo "{\"task\":\"$BATON_TASK\",\"round\":$BATON_ROUND,\"what\":\"start\",\"at\":$(now)}" >> "$TEST_LOG"
IFS=',' read -ra files <<< "$BATON_TASK_FILES"
for file in "${files[@]}"; do
  mkdir -p "$(dirname "$file")"
  echo "$BATON_TASK OK" > "$file"
done
sleep "$(awk "BEGIN { print ${TEST_SLEEP_MS:-150} / 1000 }")"
echo "{\"task\":\"$BATON_TASK\",\"round\":$BATON_ROUND,\"what\":\"end\",\"at\":$(now)}" >> "$TEST_LOG"
