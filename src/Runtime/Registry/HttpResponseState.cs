using System.Runtime.CompilerServices;

namespace LeakScope.Registry;

/// <summary>
/// Whether an <see cref="HttpResponseMessage"/> was disposed. It exposes no public state that says so
/// without changing it (its setters throw once disposed, but a probe must not write, and reading its
/// content would consume the body), so the probe reads the response's own private <c>_disposed</c>
/// flag through <see cref="UnsafeAccessorAttribute"/>: no reflection, safe under trimming and
/// NativeAOT. A runtime without that field makes <see cref="CanRead"/> false, and responses are then
/// not watched (as a type with no rule), never misreported.
/// </summary>
internal static class HttpResponseState
{
    /// <summary>Whether this runtime's <see cref="HttpResponseMessage"/> has the flag; checked once.</summary>
    public static bool CanRead { get; } = Check();

    public static bool IsDisposed(HttpResponseMessage response) => DisposedField(response);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_disposed")]
    private static extern ref bool DisposedField(HttpResponseMessage response);

    private static bool Check()
    {
        try
        {
            var response = new HttpResponseMessage();
            bool before = DisposedField(response);
            response.Dispose();
            return !before && DisposedField(response);
        }
        catch (Exception ex) when (ex is MissingFieldException or MissingMemberException)
        {
            SelfLog.Write("watch: HttpResponseMessage has no _disposed flag; responses are not watched", ex);
            return false;
        }
    }
}
