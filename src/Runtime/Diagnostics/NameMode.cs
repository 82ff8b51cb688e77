namespace LeakScope.Diagnostics;

/// <summary>How scope names leave the process, set by the <c>NameMode</c> provider argument.</summary>
internal enum NameMode
{
    /// <summary>As given, capped in length.</summary>
    Plain = 0,

    /// <summary>Replaced by a stable hash, so equal names still group together.</summary>
    Hash = 1,

    /// <summary>Left out.</summary>
    Omit = 2,
}
