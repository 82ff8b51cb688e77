using LeakScope.Diagnostics;

namespace LeakScope.Registry;

/// <summary>
/// A scope name kept after its scope ended, to be formatted later as the sessions of that time ask.
/// Capped at the most any session may ask for, so a kept name costs a bounded amount of memory; a
/// longer name keeps its hash too, so hashing it later gives what hashing the whole name gives.
/// </summary>
internal readonly record struct RetainedName(string? Text, string? HashOfLonger)
{
    public static RetainedName Of(string? name) =>
        name is null || name.Length <= NameFormatter.MaxNameLength
            ? new RetainedName(name, null)
            : new RetainedName(NameFormatter.ForWire(name, NameFormatter.MaxNameLength), NameFormatter.Format(name, NameMode.Hash, NameFormatter.MaxNameLength));

    public string Format(NameMode mode, int maxLength) =>
        mode == NameMode.Hash && HashOfLonger is not null ? HashOfLonger : NameFormatter.Format(Text, mode, maxLength);
}
