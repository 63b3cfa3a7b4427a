# A cheap scripted reviewer (bench/run.ts): reads the request (with bash's own `read`, not a
# process), ignores it and approves with 95 everywhere.
while IFS= read -r line; do :; done
echo '{"scores":{"adherence":95,"correctness":95,"architecture":95,"readability":95,"security":95,"performance":95},"issues":[],"summary":"fine"}'
