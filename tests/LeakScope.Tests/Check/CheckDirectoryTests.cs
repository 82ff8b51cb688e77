using LeakScope.Cli.Check;

namespace LeakScope.Cli.Tests.Check;

/// <summary>The port keeper deletes the directory it is given: only one that check made for this user is taken.</summary>
public sealed class CheckDirectoryTests
{
    [Fact]
    public void Created_TheRootCanBePassedThroughButNotListed_TheDataIsPrivate_AndThePortNameUnguessable()
    {
        CheckDirectory directory = CheckDirectory.Create();
        try
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute, File.GetUnixFileMode(directory.Root));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(directory.Data));
            Assert.Matches("^port-[0-9a-f]{32}$", directory.PortName);
            Assert.Equal(directory.Root, CheckDirectory.Open(directory.Root, directory.PortName)?.Root);
        }
        finally
        {
            directory.Delete();
        }

        Assert.False(Directory.Exists(directory.Root));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/home")]
    [InlineData("..")]
    public void Open_RefusesADirectoryCheckDidNotMake(string root)
    {
        Assert.Null(CheckDirectory.Open(root, "port-0123456789abcdef0123456789abcdef"));
    }

    [Fact]
    public void Open_RefusesAPortNameThatIsNotOne()
    {
        CheckDirectory directory = CheckDirectory.Create();
        try
        {
            Assert.Null(CheckDirectory.Open(directory.Root, "../../etc"));
            Assert.Null(CheckDirectory.Open(directory.Root, "data"));
        }
        finally
        {
            directory.Delete();
        }
    }
}
