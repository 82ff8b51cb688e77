#!/usr/bin/env bash
# Runs `leakscope check -- dotnet test` on the leaky test assembly N times (default 20) and tallies
# exit codes, verdicts, how the testhost ended, and the leak sites. A CI gate must give the same
# exact answer every run: exit 1 with the one leak tests/LeakScope.LeakyTests leaves open.
# Usage: bench/check-dotnet-test.sh [runs]   (figures recorded in docs/performance.md)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-20}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build src/LeakScope -c Release -v q -nologo >/dev/null
dotnet build tests/LeakScope.LeakyTests -c Release -v q -nologo >/dev/null
tool=$(ls src/LeakScope/bin/Release/net*/leakscope.dll | head -1)
assembly=$(ls tests/LeakScope.LeakyTests/bin/Release/net*/LeakScope.LeakyTests.dll | head -1)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

for i in $(seq 1 "$runs"); do
    set +e
    dotnet "$tool" check -f json -o "$out/$i.json" -- dotnet test "$assembly" >/dev/null 2>"$out/$i.err"
    code=$?
    set -e
    python3 - "$out/$i.json" "$code" <<'PY' >> "$out/tally"
import json, sys
path, code = sys.argv[1], sys.argv[2]
try:
    r = json.load(open(path))
except Exception as e:
    print(f"exit={code} report=unreadable")
    sys.exit(0)
host = [p for p in r["processes"] if p["instrumented"]]
endings = ",".join(sorted(p["ending"] for p in host)) or "none"
sites = ",".join(sorted(f'{l["member"]}:{l["line"]}' for l in r["leaks"]))
print(f'exit={code} verdict={r["verdict"]} testhost={endings} leaks=[{sites}]')
PY
    printf '.'
done
echo
echo "$runs runs of: leakscope check -- dotnet test $(basename "$assembly")"
sort "$out/tally" | uniq -c | sed 's/^ */  /'
# Identical answers for every run are the pass mark; how the testhost ended may differ (killed or exited).
distinct=$(sed 's/ testhost=[^ ]*//' "$out/tally" | sort -u | wc -l)
if [ "$distinct" -ne 1 ] || ! grep -q '^exit=1 verdict=leaks' "$out/tally"; then
    echo "FAIL: the gate did not give the same exact result every run"
    exit 1
fi
echo "PASS: $runs of $runs runs gave exit 1 with the same leaks"
