using System.Diagnostics.Tracing;

namespace LeakScope.Tests.Support;

internal static class EventExtensions
{
    public static T Get<T>(this EventWrittenEventArgs e, string field)
    {
        int index = e.PayloadNames!.IndexOf(field);
        Assert.True(index >= 0, $"{e.EventName} has no payload field '{field}'.");
        return (T)e.Payload![index]!;
    }

    public static long ScopeId(this EventWrittenEventArgs e) => e.Get<long>("scopeId");

    public static bool IsFor(this EventWrittenEventArgs e, long scopeId) =>
        e.PayloadNames!.Contains("scopeId") && e.ScopeId() == scopeId;
}
