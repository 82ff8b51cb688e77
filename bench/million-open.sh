#!/usr/bin/env bash
# Attaches `leakscope snapshot` to a TestApp holding N open scopes (default 1,000,000) and reports,
# per run: the snapshot's wall time, the tool's peak RSS, the target's RSS growth while attached
# (peak over the RSS before, the kernel's high-water mark reset just before attaching), and the
# verdict with the count of scopes listed. Figures recorded in docs/performance.md.
# "monitor" watches for 3 s instead: two sessions at once at the end (the closing snapshot).
# Usage: bench/million-open.sh [open-scopes] [runs] [format: none|json|monitor]
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-1000000}
runs=${2:-3}
format=${3:-json}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build src/LeakScope -c Release -v q -nologo >/dev/null
dotnet build tests/LeakScope.TestApp -c Release -v q -nologo >/dev/null
tool=$(ls src/LeakScope/bin/Release/net*/leakscope.dll | head -1)
app=$(ls tests/LeakScope.TestApp/bin/Release/net*/LeakScope.TestApp.dll | head -1)
out=$(mktemp -d)
mkfifo "$out/in"
dotnet "$app" <"$out/in" >"$out/app.out" 2>&1 &
pid=$!
exec 3>"$out/in"
trap 'kill $pid 2>/dev/null || true; exec 3>&-; rm -rf "$out"' EXIT

echo "leak $count" >&3
until [ "$(grep -c '^site ' "$out/app.out" 2>/dev/null || true)" -ge "$count" ]; do sleep 1; done
kib() { awk -v k="$1" '$1 == k":" { print $2 }' "/proc/$pid/status"; }

for run in $(seq 1 "$runs"); do
    before=$(kib VmRSS)
    echo 5 >"/proc/$pid/clear_refs"
    args=(snapshot "$pid")
    case "$format" in
        none) args+=(--format text -o "$out/report.txt") ;;
        monitor) args=(monitor "$pid" --duration 3 --format text -o "$out/report.txt") ;;
        *) args+=(--format "$format" -o "$out/report.$format") ;;
    esac
    set +e
    nice -n -15 /usr/bin/time -f '%U %S %e %M' -o "$out/time" dotnet "$tool" "${args[@]}" 2>"$out/err"
    code=$?
    set -e
    read -r user sys wall tool_kib < <(tail -n 1 "$out/time")
    peak=$(kib VmHWM)
    listed=$(grep -ohE "^(INCONCLUSIVE|LEAKS|CLEAN)[^.]*|[0-9,]+ events? (were )?lost" "$out/err" "$out/report.txt" 2>/dev/null | head -2 | tr '\n' ' ' || true)
    if [ "$format" = json ]; then
        listed=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r["verdict"], len(r["leaks"]), "lost", r["eventsLost"])' "$out/report.json" 2>/dev/null || echo "?")
    fi
    printf 'run %d: exit %d, wall %s s (tool cpu %s+%s s), tool peak RSS %d MiB, target RSS %d MiB, growth while attached %d MiB %s\n' \
        "$run" "$code" "$wall" "$user" "$sys" $((tool_kib / 1024)) $((before / 1024)) $(((peak - before) / 1024)) "$listed"
done
