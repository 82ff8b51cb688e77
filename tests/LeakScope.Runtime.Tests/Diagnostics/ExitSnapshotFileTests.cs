using System.Text.Json;
using LeakScope.Diagnostics;
using LeakScope.Tests.Support;

namespace LeakScope.Tests.Diagnostics;

public sealed class ExitSnapshotFileTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("leakscope-exit-");

    [Fact]
    public void ExitSnapshotFile_ListsExactlyTheScopesOpenAtExit()
    {
        using var runtime = new TestRuntime();
        runtime.Enter("closed").Dispose();
        ScopeHandle open = runtime.Enter("db-connection", "orders");

        runtime.Runtime.WriteExitSnapshotFile(_directory.FullName, "exit", cause: null);

        string path = Path.Combine(_directory.FullName, ExitSnapshotContract.FileName(Environment.ProcessId));
        using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(path));
        JsonElement root = document.RootElement;
        Assert.Equal(ExitSnapshotContract.FormatVersion, root.GetProperty("version").GetInt32());
        Assert.Equal(Environment.ProcessId, root.GetProperty("pid").GetInt32());
        Assert.Equal("exit", root.GetProperty("reason").GetString());
        JsonElement scope = Assert.Single(root.GetProperty("scopes").EnumerateArray());
        Assert.Equal(open.Id, scope.GetProperty("id").GetInt64());
        Assert.Equal("db-connection", scope.GetProperty("kind").GetString());
        Assert.Equal("orders", scope.GetProperty("name").GetString());
        Assert.EndsWith(nameof(ExitSnapshotFileTests) + ".cs", scope.GetProperty("file").GetString(), StringComparison.Ordinal);
        Assert.Equal(nameof(ExitSnapshotFile_ListsExactlyTheScopesOpenAtExit), scope.GetProperty("member").GetString());
        Assert.True(scope.GetProperty("line").GetInt32() > 0);
        Assert.InRange(scope.GetProperty("enteredAt").GetDateTime(), DateTime.UtcNow.AddMinutes(-5), DateTime.UtcNow.AddMinutes(1));
        Assert.Empty(Directory.GetFiles(_directory.FullName, "*.tmp"));
        open.Dispose();
    }

    [Fact]
    public void ASessionThatNamesADirectory_GetsTheExitSnapshotThere_AndOnlyAnExistingAbsoluteOne()
    {
        using var runtime = new TestRuntime();
        ScopeHandle open = runtime.Enter("db-connection", "orders");
        string relative = "leakscope-relative-" + Guid.NewGuid().ToString("N");
        using (EventRecorder.Start(runtime.Runtime.Events, ScopeEventSource.Keywords.Lifecycle, new() { ["ExitSnapshotDirectory"] = _directory.FullName }))
        using (EventRecorder.Start(runtime.Runtime.Events, ScopeEventSource.Keywords.Lifecycle, new() { ["ExitSnapshotDirectory"] = relative }))
        {
        }

        runtime.Runtime.OnProcessExiting();

        string path = Path.Combine(_directory.FullName, ExitSnapshotContract.FileName(Environment.ProcessId));
        using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(path));
        Assert.Equal(open.Id, Assert.Single(document.RootElement.GetProperty("scopes").EnumerateArray()).GetProperty("id").GetInt64());
        Assert.Equal([_directory.FullName], runtime.Runtime.Events.ExitSnapshotDirectories);
        open.Dispose();
    }

    [Fact]
    public void ExitSnapshotFile_NeverThrowsIntoTheApplication()
    {
        using var runtime = new TestRuntime();
        using ScopeHandle open = runtime.Enter("file");

        runtime.Runtime.WriteExitSnapshotFile(Path.Combine(_directory.FullName, "missing", "deeper"), "exit", cause: null);

        Assert.Empty(Directory.GetFileSystemEntries(_directory.FullName));
    }

    [Fact]
    public void CrashSnapshotFile_NamesTheExceptionThatEndedTheProcess()
    {
        using var runtime = new TestRuntime();
        using ScopeHandle open = runtime.Enter("lock");

        runtime.Runtime.WriteExitSnapshotFile(_directory.FullName, "unhandled-exception", typeof(InvalidOperationException).FullName);

        using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_directory.FullName, ExitSnapshotContract.FileName(Environment.ProcessId))));
        Assert.Equal("unhandled-exception", document.RootElement.GetProperty("reason").GetString());
        Assert.Equal("System.InvalidOperationException", document.RootElement.GetProperty("cause").GetString());
        Assert.Equal(open.Id, Assert.Single(document.RootElement.GetProperty("scopes").EnumerateArray()).GetProperty("id").GetInt64());
    }

    public void Dispose() => _directory.Delete(recursive: true);
}
