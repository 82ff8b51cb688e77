using System.Reflection;
using System.Runtime.CompilerServices;

namespace LeakScope.Tests;

/// <summary>
/// The runtime's public API is a contract: any change to it must show up as a change to
/// PublicApi.approved.txt in review. On a mismatch the test writes PublicApi.received.txt beside it.
/// </summary>
public sealed class PublicApiTests
{
    [Fact]
    public void PublicApi_MatchesTheApprovedList()
    {
        string approvedPath = Path.Combine(SourceDirectory(), "PublicApi.approved.txt");
        string actual = string.Join('\n', Describe(typeof(Scope).Assembly)) + "\n";

        string approved = File.Exists(approvedPath) ? File.ReadAllText(approvedPath).ReplaceLineEndings("\n") : string.Empty;
        if (approved != actual)
        {
            File.WriteAllText(Path.ChangeExtension(approvedPath, null).Replace(".approved", ".received", StringComparison.Ordinal) + ".txt", actual);
        }

        Assert.Equal(approved, actual);
    }

    private static IEnumerable<string> Describe(Assembly assembly) =>
        assembly.GetExportedTypes()
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .SelectMany(type => new[] { $"{Kind(type)} {type.FullName}" }.Concat(
                type.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                    .Where(m => m is not MethodInfo { IsSpecialName: true } method || method.Name.StartsWith("op_", StringComparison.Ordinal))
                    .Select(m => "  " + m.ToString())
                    .Order(StringComparer.Ordinal)));

    private static string Kind(Type type) =>
        type.IsEnum ? "enum" : type.IsValueType ? "struct" : type.IsInterface ? "interface" : type.IsAbstract && type.IsSealed ? "static class" : "class";

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
