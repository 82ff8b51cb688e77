namespace LeakScope.Cli.Model;

/// <summary>One shared copy of each scope name: many scopes share a name ("orders"), so a tracked scope stays small.</summary>
internal sealed class NameTable
{
    private const int MaxNames = 100_000;

    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);

    public string Intern(string name)
    {
        if (name.Length == 0)
        {
            return string.Empty;
        }

        if (_names.TryGetValue(name, out string? shared))
        {
            return shared;
        }

        if (_names.Count < MaxNames)
        {
            _names[name] = name;
        }

        return name;
    }
}
