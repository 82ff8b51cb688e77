#!/usr/bin/env bash
# Soak: the demo service in its growing mode (samples/LeakScope.Demo --growing: a connection leak
# that grows steadily beside a pool and a lock that stay flat) watched by
# `leakscope monitor --fail-on growing --format html` with a growth window of a few minutes.
# Prints the exit code and the time to it against what the README promises (one window plus up to
# two refresh intervals after monitor attached), the page's size, and per call site the series read
# back from the page's data island (every 30th point) with its growth verdict.
# Not part of the test suite (minutes long). Figures recorded in docs/performance.md.
# Usage: bench/soak.sh [growth-window-seconds (default 180)] [refresh-interval-seconds (default 1)]
set -euo pipefail
cd "$(dirname "$0")/.."
window=${1:-180}
refresh=${2:-1}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build src/LeakScope -c Release -v q -nologo | grep -E " error |rror\(s\)" || true
dotnet build samples/LeakScope.Demo -c Release -v q -nologo | grep -E " error |rror\(s\)" || true
tool=$(ls src/LeakScope/bin/Release/net*/leakscope.dll | head -1)
demo=$(ls samples/LeakScope.Demo/bin/Release/net*/LeakScope.Demo.dll | head -1)
out=$(mktemp -d)
mkfifo "$out/in"
dotnet "$demo" --growing <"$out/in" >"$out/demo.out" 2>&1 &
pid=$!
exec 3>"$out/in"
trap 'kill $pid 2>/dev/null || true; exec 3>&-; rm -rf "$out"' EXIT
until grep -q '^ready' "$out/demo.out"; do
    kill -0 "$pid" 2>/dev/null || { echo "the demo service did not start:"; cat "$out/demo.out"; exit 1; }
    sleep 0.2
done

# A --duration well past the promise, so a missing alert shows as exit 0 after it, not a hang.
limit=$(python3 -c "print($window * 2 + 60)")
# Each line monitor writes on stderr is stamped with when it came: the time to the alert counts from "Attached".
mkfifo "$out/err"
while IFS= read -r line; do printf '%s %s\n' "$(date +%s.%N)" "$line"; done <"$out/err" >"$out/monitor.err" &
stamper=$!
set +e
dotnet "$tool" monitor "$pid" --fail-on growing --growth-window "$window" --refresh-interval "$refresh" \
    --duration "$limit" --format html -o "$out/soak.html" 2>"$out/err"
code=$?
set -e
end=$(date +%s.%N)
wait "$stamper"
sed 's/^[^ ]* /  monitor: /' "$out/monitor.err"
start=$(awk '$2 == "Attached" { print $1; exit }' "$out/monitor.err")
python3 - "$out/soak.html" "$code" "${start:-nan}" "$end" "$window" "$refresh" <<'PY'
import html, json, os, re, sys
page, code, start, end, window, refresh = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5]), float(sys.argv[6])
text = open(page, encoding="utf-8").read()
data = json.loads(re.search(r'<script type="application/json" id="leakscope-timeline">(.*?)</script>', text, re.S).group(1))
alert = re.search(r"<li>(Alert growing:[^<]*)</li>", text)
print(f"exit code {code} (1 = leaks: the alert held) {end - start:.1f} s after monitor attached; promised: at most {window:g} s (the window) + {2 * refresh:g} s (two refresh intervals) + the report's writing")
print("alert: " + (html.unescape(alert.group(1)) if alert else "none"))
print(f"page: {os.path.getsize(page):,} bytes, {data['points']} points of {data['stepSeconds']:g} s")
for s in data["series"]:
    values = s["values"]
    known = [v for v in values if v is not None]
    print(f"  {s['trend']:9} {s['label']}: first {known[0]}, min {min(known)}, max {max(known)}, last {known[-1]}")
    print("            every 30th point: " + " ".join("-" if v is None else str(v) for v in values[::30]))
PY
