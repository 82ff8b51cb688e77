using LeakScope.Cli.Tracing;

namespace LeakScope.Cli.Tests.Tracing;

public sealed class ProcessNamingTests
{
    [Theory]
    [InlineData("dotnet|/app/Orders.dll|--scenario|smoke", "Orders")]
    [InlineData("/usr/share/dotnet/dotnet|exec|--runtimeconfig|t.runtimeconfig.json|--depsfile|t.deps.json|/sdk/testhost.dll|--port|1", "testhost")]
    [InlineData("dotnet|test|/tests/Orders.Tests.dll", "dotnet test")]
    [InlineData("dotnet|--info", "dotnet")]
    [InlineData("/app/Orders.Api|--urls|http://+:80", "Orders.Api")]
    public void NamesTheAppTheHostRuns(string commandLine, string expected)
    {
        string[] arguments = commandLine.Split('|');

        Assert.Equal(expected, DotnetProcesses.AppName(arguments, Path.GetFileName(arguments[0])));
    }

    [Theory]
    [InlineData("/srv/MyInventoryServiceApp|--port|1", "MyInventorySer", "MyInventorySer")]
    [InlineData("/srv/MyInventoryServiceApp|--port|1", "MyInventoryServ", "MyInventoryServiceApp")]
    [InlineData("./MyInventoryServiceApp", "MyInventoryServ", "MyInventoryServiceApp")]
    [InlineData("renamed-by-itself", "MyInventoryServ", "MyInventoryServ")]
    [InlineData("/usr/bin/dotnet|App.dll", "dotnet", "dotnet")]
    public void TheKernelsNameCutAt15Characters_IsMadeWholeFromTheCommandLine(string commandLine, string comm, string expected)
    {
        Assert.Equal(expected, DotnetProcesses.WholeName(commandLine.Split('|'), comm));
    }

    [Theory]
    [InlineData("/usr/share/dotnet/dotnet /srv/Orders.dll --urls http://+:80", "Orders")]
    [InlineData("/srv/MyInventoryServiceApp --port 1", "MyInventoryServiceApp")]
    [InlineData("C:\\srv\\Orders.Api.exe", "Orders.Api")]
    [InlineData("/srv/Orders.Api", "Orders.Api")]
    [InlineData("   ", null)]
    public void TheRecordedCommandLine_NamesTheProcess(string commandLine, string? expected)
    {
        Assert.Equal(expected, DotnetProcesses.NameFromCommandLine(commandLine));
    }
}
