using LeakScope.Diagnostics;

namespace LeakScope.Registry;

/// <summary>
/// A parent's name as its <see cref="ParentLink"/> keeps it: links outlive their scopes, so a long name is
/// kept only as far as any writer shows it (<see cref="NameFormatter.MaxNameLength"/>, and one character
/// more, so that the cut still shows as one), with the hash of the whole name, which a session asking for
/// hashed names gets.
/// </summary>
internal readonly record struct ParentName(string Text, string? Hash)
{
    private const int KeptLength = NameFormatter.MaxNameLength + 1;

    public static ParentName Of(string name) => name.Length <= KeptLength
        ? new ParentName(name, null)
        : new ParentName(name[..KeptLength], NameFormatter.Format(name, NameMode.Hash, NameFormatter.MaxNameLength));
}
