using LeakScope.Diagnostics;

namespace LeakScope.Registry;

/// <summary>
/// One interned owner (a test, a request): what <see cref="Scope.Own"/> names, kept once so an open
/// scope stores only its <see cref="Id"/>.
/// </summary>
internal sealed class ScopeOwner(int id, string kind, string name)
{
    public int Id { get; } = id;
    public string Kind { get; } = kind;
    public string Name { get; } = name;

    // Kind and name as events and files carry them (capped, NUL repaired): computed once per owner.
    private string? _wireKind;
    private string? _wireName;

    public string WireKind => _wireKind ??= NameFormatter.ForWire(Kind, NameFormatter.MaxCodeTextLength);

    public string WireName => _wireName ??= NameFormatter.ForWire(Name, NameFormatter.MaxOwnerNameLength);

    /// <summary>1 once an <c>OwnerDefined</c> event described this owner for the sessions listening now.</summary>
    private int _defined;

    /// <summary>True for exactly one caller until <see cref="ForgetDefinition"/>: that caller emits the definition.</summary>
    public bool TryClaimDefinition() => Volatile.Read(ref _defined) == 0 && Interlocked.Exchange(ref _defined, 1) == 0;

    /// <summary>Makes the next use define the owner again (a new session joined).</summary>
    public void ForgetDefinition() => Volatile.Write(ref _defined, 0);
}
