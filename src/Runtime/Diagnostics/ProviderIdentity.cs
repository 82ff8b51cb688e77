namespace LeakScope.Diagnostics;

/// <summary>The provider's name and the GUID EventSource derives from it; part of the wire contract.</summary>
internal static class ProviderIdentity
{
    public const string Name = "LeakScope";

    /// <summary>Tools match on this too: some readers know the provider only by its GUID.</summary>
    public static readonly Guid Guid = new("7fdbbe70-b5c1-5cef-2c66-84c9c81432e5");
}
