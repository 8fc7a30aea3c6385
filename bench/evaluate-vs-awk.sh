#!/usr/bin/env bash
# Times `evaluate` (a full replay of one policy) over a synthetic 20,000-pupil register,
# against a plain awk pass over the same marks.csv that only sums present and possible
# sessions per pupil. The last line is `ratio: X`, evaluate's time over awk's.
#
#   bench/evaluate-vs-awk.sh [--pupils N] [--seed S] [--policy FILE] [--data DIR] [--skip-evaluate]
#
# The CSV files are written by the jar (`bench csv`, the generator behind `bench evaluator`),
# deterministically from the seed, into target/bench-csv unless --data says otherwise.
# --skip-evaluate stops after the generator and the awk pass.
set -euo pipefail

cd "$(dirname "$0")/.."
jar=target/attendance-bridge.jar
pupils=20000
seed=1
policy=policies/graduated-response.yaml
data=target/bench-csv
evaluate=yes

while [ $# -gt 0 ]; do
	case "$1" in
		--pupils) pupils="$2"; shift 2 ;;
		--seed) seed="$2"; shift 2 ;;
		--policy) policy="$2"; shift 2 ;;
		--data) data="$2"; shift 2 ;;
		--skip-evaluate) evaluate=no; shift ;;
		*) echo "evaluate-vs-awk: unknown option '$1'" >&2; exit 2 ;;
	esac
done

if [ ! -f "$jar" ]; then
	echo "evaluate-vs-awk: $jar is missing; build it first: ./mvnw -DskipTests package" >&2
	exit 2
fi
if [ "$evaluate" = yes ] && [ ! -f "$policy" ]; then
	echo "evaluate-vs-awk: policy file $policy is missing" >&2
	exit 2
fi

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

start=$(now_ms)
generated=$(java -jar "$jar" bench csv --pupils "$pupils" --seed "$seed" --out "$data")
generation_ms=$(( $(now_ms) - start ))
last_day=$(sed -n 's/^last day: //p' <<<"$generated")
marks=$(sed -n 's/^marks: //p' <<<"$generated")
echo "pupils: $pupils"
echo "marks: $marks ($data/marks.csv)"
echo "as of: $last_day"
echo "generation time: ${generation_ms} ms"

# The floor: possible sessions are the codes that count (domain.md); present is
# attendance, i.e. present or at an approved educational activity.
start=$(now_ms)
awk -F, '
BEGIN {
	n = split("/ \\ L K V P W B J", codes, " ")
	for (i = 1; i <= n; i++) { possible[codes[i]] = 1; present[codes[i]] = 1 }
	n = split("C1 C2 C M J1 S T R I E G N O U H F", codes, " ")
	for (i = 1; i <= n; i++) possible[codes[i]] = 1
}
NR > 1 && ($4 in possible) { poss[$1]++; if ($4 in present) pres[$1]++ }
END { for (p in poss) printf "%s,%d,%d\n", p, pres[p], poss[p] }
' "$data/marks.csv" > /dev/null
awk_ms=$(( $(now_ms) - start ))
echo "awk pass time: ${awk_ms} ms ($(awk -W version 2>&1 | head -1 || true))"

if [ "$evaluate" = no ]; then
	echo "evaluate: skipped"
	exit 0
fi

start=$(now_ms)
status=0
java -jar "$jar" evaluate --policy "$policy" --pupils "$data/pupils.csv" --marks "$data/marks.csv" \
	--as-of "$last_day" > /dev/null 2> "$data/evaluate.err" || status=$?
evaluate_ms=$(( $(now_ms) - start ))
if [ "$status" -ne 0 ]; then
	echo "evaluate-vs-awk: evaluate failed with exit status $status: $(head -1 "$data/evaluate.err")" >&2
	exit 1
fi
echo "evaluate time: ${evaluate_ms} ms ($(basename "$policy"), whole year, JVM start included)"
echo "ratio divides: evaluate time / awk pass time"
awk -v e="$evaluate_ms" -v a="$awk_ms" 'BEGIN { printf "ratio: %.2f\n", e / (a > 0 ? a : 1) }'
