using System.Text.Json;
using LeakScope.Cli.Tests.Support;

namespace LeakScope.Cli.Tests.EndToEnd;

/// <summary>
/// A tool that attaches after a real process named many owners ("owners N" in the test app: owner
/// <c>owner-i</c> leaked <c>leak-i</c>) learns every one of them, past the runtime's cap of 100,000
/// too, where the rest share the overflow owner: no leak is shown with an unknown owner. An owner
/// disposed out of order, or from another thread, owns nothing entered after.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class ManyOwnersTests : IDisposable
{
    private const int Cap = 100_000;
    private const int Owners = Cap + 2_000;
    private readonly string _directory = Directory.CreateTempSubdirectory("leakscope-owners-").FullName;

    [Fact]
    public async Task LateSnapshot_AfterMoreOwnersThanTheCap_NamesEveryLeaksOwner()
    {
        using TargetApp app = TargetApp.Start();
        app.Run($"owners {Owners}");
        string path = Path.Combine(_directory, "report.json");

        (int code, CliRun run) = await CliRun.RunAsync("snapshot", app.Pid.ToString(), "--min-age", "0", "--format", "json", "-o", path);

        Assert.True(code == 1, run.Error);
        JsonElement report = JsonReport.Parse(File.ReadAllText(path));
        Assert.Equal(0, report.Int("eventsLost"));
        AssertOwnersNamed(report.Leaks());

        // A second tool attaching later learns them again: the first one's definitions are not assumed.
        (code, run) = await CliRun.RunAsync("snapshot", app.Pid.ToString(), "--min-age", "0", "--format", "json", "-o", path);

        Assert.True(code == 1, run.Error);
        AssertOwnersNamed(JsonReport.Parse(File.ReadAllText(path)).Leaks());
    }

    [Fact]
    public async Task OwnersDisposedOutOfOrderOrFromAnotherThread_NoLongerOwnWhatIsEnteredAfter()
    {
        using TargetApp app = TargetApp.Start();
        app.Run("owners-disordered");

        (int code, CliRun run) = await CliRun.RunAsync("snapshot", app.Pid.ToString(), "--min-age", "0", "--format", "json");

        Assert.True(code == 1, run.Error);
        List<JsonElement> leaks = JsonReport.Parse(run.Out).Leaks();
        Assert.Equal("inner", Assert.Single(leaks, l => l.Str("name") == "under-inner").GetProperty("owner").Str("name"));
        Assert.All(
            leaks.Where(l => l.Str("name") is "after-both" or "after-foreign-dispose"),
            leak => Assert.False(leak.TryGetProperty("owner", out JsonElement owner), $"{leak.Str("name")} is owned by {owner}"));
        Assert.Equal(3, leaks.Count);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static void AssertOwnersNamed(List<JsonElement> leaks)
    {
        Assert.Equal(Owners, leaks.Count);
        var wrong = new List<string>();
        foreach (JsonElement leak in leaks)
        {
            int i = int.Parse(leak.Str("name")["leak-".Length..], System.Globalization.CultureInfo.InvariantCulture);
            JsonElement owner = leak.GetProperty("owner");
            string expected = i <= Cap ? "owner-" + i : "(too many owners)";
            if (owner.Str("kind") != "test" || owner.Str("name") != expected)
            {
                wrong.Add($"{leak.Str("name")}: {owner.Str("kind")} {owner.Str("name")}");
            }
        }

        Assert.True(wrong.Count == 0, $"{wrong.Count} leak(s) with the wrong owner, such as: " + string.Join("; ", wrong.Take(5)));
    }
}
