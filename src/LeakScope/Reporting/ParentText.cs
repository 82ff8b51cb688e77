using System.Globalization;
using LeakScope.Cli.Model;

namespace LeakScope.Cli.Reporting;

/// <summary>A leak's enclosing scopes in one line for people, innermost first: "inside kind 'name' at file:line, inside ...".</summary>
internal static class ParentText
{
    /// <summary>Empty when no parent is known.</summary>
    public static string Describe(IReadOnlyList<ParentInfo> parents, SourceTree sources)
    {
        if (parents.Count == 0)
        {
            return string.Empty;
        }

        return string.Join(", ", parents.Select(parent =>
        {
            string name = parent.Name.Length > 0 ? $" '{DisplayText.Escape(parent.Name)}'" : string.Empty;
            return string.Create(CultureInfo.InvariantCulture, $"inside {DisplayText.Escape(parent.Kind)}{name} at {DisplayText.Escape(sources.Display(parent.File))}:{parent.Line}");
        }));
    }
}
