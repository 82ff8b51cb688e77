#!/usr/bin/env bash
# The auto-tracking generator's cost to a build (issue 9: "no measurable slowdown of a rebuild of a
# 1,000-file project"). Generates a console app of 1,000 files, each with File.OpenRead, a SemaphoreSlim
# lock (its WaitAsync and its Release) and CreateLinkedTokenSource (4,000 interceptors with the switch
# on) beside untracked code, references LeakScope.Runtime as a package user does (packed into a local
# feed), and times with hyperfine, with <LeakScopeAutoTrack> off and on:
#   no-change rebuild: 'dotnet build --no-restore' with nothing edited (MSBuild skips the compile);
#   one-file edit: a constant in one file changes before each run, so the compiler (and the generators) run.
# With the switch off the package's targets do not hand the generator to the compiler, so "off" is the
# project's build without the generator and the ratio is the generator's whole cost.
# Wall time (hyperfine's table) and CPU time (user + system, printed under it) are both reported.
# Each build is a fresh compiler process unless a compiler server is running (this script builds with
# UseSharedCompilation as the environment sets it; the SDK's default is the server).
# Figures recorded in docs/performance.md ("Auto-tracking: build cost"). Needs hyperfine.
# Two mixes (third argument):
#   all (the default, the worst case): every file has the three tracked calls above;
#   realistic: 1 file in 20 is such a file, the others plain code of similar size with ordinary calls
#   (LINQ, string operations, collections, async) and none tracked. The generator binds only calls
#   whose method name is a tracked family's (or a [TrackedResource] method's), so this is its cost
#   in a project where tracked calls are few.
# Usage: bench/generator-rebuild.sh [runs] [files] [all|realistic]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
files=${2:-1000}
mix=${3:-all}
case "$mix" in all | realistic) ;; *) echo "mix must be 'all' or 'realistic', not '$mix'" >&2; exit 2 ;; esac
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

version="1.0.0-rebuild.$(date +%s)"
dotnet pack src/Runtime -c Release -o "$out/feed" -p:PackageVersion="$version" -v q -nologo >/dev/null

tracked_worker() { # $1 = index: a file with three tracked calls (File.OpenRead, a SemaphoreSlim lock, CreateLinkedTokenSource)
    cat <<CS
namespace Bench.N$1;

public sealed class Worker$1
{
    private const int Seed = $1;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public string Read(string path)
    {
        using var reader = new StreamReader(File.OpenRead(path));
        return reader.ReadToEnd();
    }

    public async Task<int> LockedAsync()
    {
        await _gate.WaitAsync();
        try
        {
            return Seed;
        }
        finally
        {
            _gate.Release();
        }
    }

    public CancellationTokenSource Link(CancellationToken first, CancellationToken second) =>
        CancellationTokenSource.CreateLinkedTokenSource(first, second);

    public int Compute(int count)
    {
        int sum = 0;
        for (int k = 0; k < count; k++)
        {
            sum += k * Seed;
        }

        return sum;
    }
}
CS
}

plain_worker() { # $1 = index: ordinary code of about the same size, no tracked call
    cat <<CS
namespace Bench.N$1;

public sealed class Worker$1
{
    private const int Seed = $1;
    private readonly Dictionary<string, List<int>> _groups = new();

    public string Describe(IEnumerable<string> words)
    {
        var kept = words.Where(w => !string.IsNullOrWhiteSpace(w)).Select(w => w.Trim().ToUpperInvariant()).ToList();
        return string.Join(", ", kept.OrderBy(w => w.Length).ThenBy(w => w, StringComparer.Ordinal));
    }

    public async Task<int> SumLaterAsync(IReadOnlyList<int> values)
    {
        await Task.Yield();
        int total = values.Sum();
        return total + Seed;
    }

    public void Add(string key, int value)
    {
        if (!_groups.TryGetValue(key, out List<int>? list))
        {
            list = new List<int>();
            _groups.Add(key, list);
        }

        list.Add(value);
    }

    public int Compute(int count)
    {
        int sum = 0;
        for (int k = 0; k < count; k++)
        {
            sum += Math.Max(k, Seed) - Math.Min(k, Seed);
        }

        return sum;
    }
}
CS
}

make_project() { # $1 = directory, $2 = true|false
    mkdir -p "$1"
    cat >"$1/Directory.Build.props" <<'XML'
<Project />
XML
    cp "$1/Directory.Build.props" "$1/Directory.Packages.props"
    cat >"$1/App.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <LeakScopeAutoTrack>$2</LeakScopeAutoTrack>
    <!-- The generated source is kept in obj/ (both projects alike), so the script can count the interceptors. -->
    <EmitCompilerGeneratedFiles>true</EmitCompilerGeneratedFiles>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="LeakScope.Runtime" Version="$version" />
  </ItemGroup>
</Project>
XML
    printf 'Console.WriteLine(new Bench.N0.Worker0().Compute(3));\n' >"$1/Program.cs"
    for i in $(seq 0 $((files - 1))); do
        if [ "$mix" = all ] || [ $((i % 20)) -eq 0 ]; then
            tracked_worker "$i" >"$1/Worker$i.cs"
        else
            plain_worker "$i" >"$1/Worker$i.cs"
        fi
    done
    dotnet restore "$1" -p:RestorePackagesPath="$out/packages" -p:RestoreAdditionalProjectSources="$out/feed" -v q >/dev/null
    dotnet build "$1" --no-restore -v q -nologo >/dev/null
}

make_project "$out/off" false
make_project "$out/on" true
interceptors=$(find "$out/on/obj" -name 'LeakScope.AutoTrack.g.cs' -exec cat {} + | grep -c 'InterceptsLocation(' || true)
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $files files ($mix); $interceptors interceptors generated with the switch on"

edit='f=$0/Worker500.cs; n=$(( $(date +%s%N) % 100000 )); sed -i "s/private const int Seed = [0-9]*;/private const int Seed = $n;/" $f'
bench() {
    hyperfine --warmup 1 --runs "$runs" --style basic --export-markdown "$out/$1.md" --export-json "$out/$1.json" "${@:2}" >/dev/null
    cat "$out/$1.md"
    # CPU time (user + system, the build and its compiler) moves far less than wall time on a loaded machine.
    python3 -c 'import json,sys
for r in json.load(open(sys.argv[1]))["results"]:
    print("%s: CPU %.2f s (user %.2f, system %.2f)" % (r["command"], r["user"] + r["system"], r["user"], r["system"]))' "$out/$1.json"
    echo
}
bench no-change \
    -n "no-change rebuild, auto-tracking off" "dotnet build $out/off --no-restore -v q -nologo" \
    -n "no-change rebuild, auto-tracking on" "dotnet build $out/on --no-restore -v q -nologo"
bench one-edit \
    --prepare "bash -c '$edit' $out/off" -n "one-file edit, auto-tracking off" "dotnet build $out/off --no-restore -v q -nologo" \
    --prepare "bash -c '$edit' $out/on" -n "one-file edit, auto-tracking on" "dotnet build $out/on --no-restore -v q -nologo"
