#!/usr/bin/env bash
# Start-up of the leakscope users install (the NativeAOT tool package) beside the portable build
# (JIT) and beside dotnet-trace (pinned in .config/dotnet-tools.json), both of which run as the
# dotnet host with their dll (what a framework-dependent tool's shim does), timed by hyperfine alike:
#   --help; ps; snapshot of a TestApp holding 3 open scopes (leakscope only: dotnet-trace has no
#   snapshot; its nearest, 'collect' for a second, is not comparable).
# The target and the tools share a fresh TMPDIR (where .NET puts its diagnostic sockets), so 'ps'
# sees one .NET process, as on a developer's machine; 'ps' is also timed once more on the machine's
# own temp directory as found (a shared CI box can hold thousands of stale sockets).
# Figures recorded in docs/performance.md. Needs hyperfine (apt-get install hyperfine).
# Usage: bench/startup.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-30}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
out=$(mktemp -d)
app_pid=
trap '[ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null; exec 3>&- 2>/dev/null; rm -rf "$out"' EXIT

# The tool as the README installs it, into a folder of its own, from these packages only.
dotnet pack src/LeakScope -c Release -o "$out/packages" -v q -nologo >/dev/null
printf '<configuration><packageSources><clear /><add key="packed" value="%s" /></packageSources></configuration>\n' "$out/packages" >"$out/nuget.config"
NUGET_PACKAGES="$out/nuget-cache" dotnet tool install --tool-path "$out/tools" --configfile "$out/nuget.config" LeakScope >/dev/null
aot="$out/tools/leakscope"
dotnet tool restore >/dev/null
trace_version=$(python3 -c 'import json; print(json.load(open(".config/dotnet-tools.json"))["tools"]["dotnet-trace"]["version"])')
trace_dll=$(ls "${NUGET_PACKAGES:-$HOME/.nuget/packages}"/dotnet-trace/"$trace_version"/tools/net*/any/dotnet-trace.dll | tail -1)
dotnet_host=$(command -v dotnet)
jit="$dotnet_host src/LeakScope/bin/Release/net8.0/leakscope.dll"

dotnet build tests/LeakScope.TestApp -c Release -v q -nologo >/dev/null
app_dll=$(ls tests/LeakScope.TestApp/bin/Release/net*/LeakScope.TestApp.dll | head -1)
shared_tmp=${TMPDIR:-/tmp}
mkdir "$out/tmp"
export TMPDIR="$out/tmp"
mkfifo "$out/in"
dotnet "$app_dll" <"$out/in" >"$out/app.out" 2>&1 &
app_pid=$!
exec 3>"$out/in"
echo "leak 3" >&3
until grep -q '^ok leak' "$out/app.out" 2>/dev/null; do sleep 0.2; done

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $(ls "$shared_tmp" | grep -c '^dotnet-diagnostic-') diagnostic sockets in $shared_tmp"
bench() {
    hyperfine -N --warmup 3 --runs "$runs" -i --style basic --export-markdown "$out/$1.md" "${@:2}" >/dev/null
    cat "$out/$1.md"
    echo
}
bench help -n "leakscope --help (AOT)" "$aot --help" -n "leakscope --help (JIT)" "$jit --help" -n "dotnet-trace --help" "$dotnet_host $trace_dll --help"
bench ps -n "leakscope ps (AOT)" "$aot ps" -n "leakscope ps (JIT)" "$jit ps" -n "dotnet-trace ps" "$dotnet_host $trace_dll ps"
bench snapshot -n "leakscope snapshot (AOT)" "$aot snapshot $app_pid -o $out/aot.txt" -n "leakscope snapshot (JIT)" "$jit snapshot $app_pid -o $out/jit.txt"
bench ps-shared -n "leakscope ps (AOT), $shared_tmp as found" "env TMPDIR=$shared_tmp $aot ps" -n "dotnet-trace ps, $shared_tmp as found" "env TMPDIR=$shared_tmp $dotnet_host $trace_dll ps"
grep -h '^Verdict' "$out/aot.txt" "$out/jit.txt"
