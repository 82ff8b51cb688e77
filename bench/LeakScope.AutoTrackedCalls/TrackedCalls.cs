using System.Data.Common;
using System.Runtime.CompilerServices;

namespace LeakScope.AutoTrackedCalls;

/// <summary>Calls the generator intercepts: each is the benchmark's tracked side.</summary>
public static class TrackedCalls
{
    /// <summary>An uncontended lock pair on <paramref name="gate"/>, tracked as a "lock" scope.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void WaitRelease(SemaphoreSlim gate)
    {
        ArgumentNullException.ThrowIfNull(gate);
        gate.Wait();
        gate.Release();
    }

    /// <summary>Opens <paramref name="connection"/> and closes it, tracked as a "db-connection" scope until closed.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void OpenClose(DbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        connection.Open();
        connection.Close();
    }

    /// <summary>Opens <paramref name="path"/> and closes it, tracked as a "file" scope.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void OpenReadDispose(string path) => File.OpenRead(path).Dispose();
}
