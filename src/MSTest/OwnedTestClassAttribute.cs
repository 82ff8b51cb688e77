using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace LeakScope.MSTest;

/// <summary>
/// MSTest's <see cref="TestClassAttribute"/>, running each of the class's tests as a LeakScope owner
/// (see <see cref="OwnedTestMethodAttribute"/>). The package's build targets make <c>[TestClass]</c>
/// mean this attribute; it can also be written as <c>[OwnedTestClass]</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class OwnedTestClassAttribute : TestClassAttribute
{
    /// <inheritdoc/>
    public override TestMethodAttribute? GetTestMethodAttribute(TestMethodAttribute? testMethodAttribute) =>
        testMethodAttribute is null or OwnedTestMethodAttribute ? testMethodAttribute : new OwnedTestMethodAttribute(testMethodAttribute);
}
