// No LeakScope code in this app: <LeakScopeAutoTrack>true</LeakScopeAutoTrack> tracks the calls.
// A line ending in "// LEAK: kind" leaves its resource open; every other tracked call is closed by some path.
using LeakScope.AutoTrackCorpus;

string work = Directory.CreateTempSubdirectory("leakscope-corpus-").FullName;
try
{
    Files.Run(work);
    await Data.RunAsync();
    await Locks.RunAsync();
    Cancellation.Run();
    await Services.RunAsync();
    await Sockets.RunAsync();
    await Http.RunAsync();
    Factories.Run(work);
    WebParts.Run(args);
    Console.WriteLine($"corpus done, {Leaks.Count} resources left open");
}
finally
{
    Directory.Delete(work, recursive: true);
}
