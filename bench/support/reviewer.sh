# A cheap scripted reviewer (bench/run.ts): ignores the request and approves with 95 everywhere.
cat > /dev/null
echo '{"scores":{"adherence":95,"correctness":95,"architecture":95,"readability":95,"security":95,"performance":95},"issues":[],"summary":"fine"}'
