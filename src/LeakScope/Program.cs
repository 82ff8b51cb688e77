// The commands (ps, snapshot, monitor, check, collect, report) are not built yet; until then the
// tool says so instead of pretending to work.
Console.Error.WriteLine("leakscope: no commands are available in this build yet (see README.md).");
return 2;
