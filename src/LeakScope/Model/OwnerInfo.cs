namespace LeakScope.Cli.Model;

/// <summary>
/// Who a scope was opened for (<c>Scope.Own</c> in the target): a test, a request. Shared by every
/// scope of that owner; a scope with none is unowned (null).
/// </summary>
internal sealed record OwnerInfo(string Kind, string Name)
{
    /// <summary>The owner kind the test-framework adapters give every test (LeakScope.Xunit, .NUnit, .MSTest).</summary>
    public const string TestKind = "test";

    public static bool IsTest(OwnerInfo owner) => owner.Kind == TestKind;

    /// <summary>For an owner id whose definition never arrived (a lost event): the id is all that is known.</summary>
    public static OwnerInfo Undefined(int id) => new("unknown", "#" + id.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
