using LeakScope.Cli.Tests.Support;
using LeakScope.Cli.Tracing;

namespace LeakScope.Cli.Tests.EndToEnd;

/// <summary>The check of a process's own diagnostic socket, without a second user: it must pass and name the socket.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class DiagnosticSocketTests
{
    [Fact]
    public void VerifiedAddress_OfARealProcess_IsItsOwnSocket()
    {
        using TargetApp app = TargetApp.Start();

        string? address = DiagnosticSocket.VerifiedAddress(TargetProcess.FromPid(app.Pid));

        Assert.NotNull(address);
        Assert.StartsWith(Path.Combine(Path.GetTempPath(), $"dotnet-diagnostic-{app.Pid}-"), address, StringComparison.Ordinal);
        Assert.True(DiagnosticSocket.IsPlainAddress(address), $"{address} would be connected through the client's own search.");
    }

    [Fact]
    public void Inspect_ReportsTheListener_AsTheProcesssOwnUser()
    {
        using TargetApp app = TargetApp.Start();

        // Killed processes leave stale files in a shared /tmp; one may carry this reused pid.
        SocketCandidate candidate = Assert.Single(DiagnosticSocket.Inspect(app.Pid, out uint? owner), c => c.Standing == SocketStanding.Verified);

        Assert.Equal(SocketStanding.Verified, candidate.Standing);
        Assert.True(candidate.Listened);
        Assert.Equal(owner, candidate.Uid);
    }

    [Fact]
    public void AStaleFileOfTheProcesssOwnUser_IsNeitherConnectedToNorRefused()
    {
        using ChildProcess sleeper = ChildProcess.Start("sleep", "300");
        string stale = Path.Combine(Path.GetTempPath(), $"dotnet-diagnostic-{sleeper.Pid}-1-socket");
        File.WriteAllBytes(stale, []);
        try
        {
            SocketCandidate candidate = Assert.Single(DiagnosticSocket.Inspect(sleeper.Pid, out uint? owner), c => c.Path == stale);

            Assert.Equal(SocketStanding.Unanswered, candidate.Standing);
            Assert.Equal(owner, candidate.Uid);
            Assert.DoesNotContain(DiagnosticSocket.Inspect(sleeper.Pid, out _), c => c.Standing == SocketStanding.Verified);
        }
        finally
        {
            File.Delete(stale);
        }
    }

    [Theory]
    [InlineData("/tmp/dotnet-diagnostic-1-2-socket", true)]
    [InlineData("/tmp/a b/dotnet-diagnostic-1-2-socket", false)]
    [InlineData("/tmp/a,b/dotnet-diagnostic-1-2-socket", false)]
    [InlineData("/tmp/a%41/dotnet-diagnostic-1-2-socket", false)]
    public void IsPlainAddress_OnlyForPathsTheClientParsesUnchanged(string path, bool plain) =>
        Assert.Equal(plain, DiagnosticSocket.IsPlainAddress(path));
}
