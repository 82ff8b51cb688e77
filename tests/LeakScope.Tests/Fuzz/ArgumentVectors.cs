using System.Globalization;
using System.Text;

namespace LeakScope.Cli.Tests.Fuzz;

/// <summary>
/// Random and mutated argument vectors for the command line. Every vector is made safe to run
/// in-process: no pid of a live process, no process name that exists, no command that could start,
/// and every file written goes under <paramref name="scratch"/>; so each run fails fast in parsing,
/// validation or target lookup, and never attaches to or starts anything.
/// </summary>
internal sealed class ArgumentVectors(int seed, string scratch)
{
    public const string MissingCommand = "/nonexistent-leakscope-fuzz/cmd";
    public const string MissingProcessName = "leakscope-fuzz-no-such-process";

    /// <summary>Above pid_max on Linux (at most 2^22), so never a live process.</summary>
    private const string MissingPid = "99999999";

    private static readonly string[] s_commands = ["snapshot", "monitor", "collect", "report", "check"];

    private static readonly string[] s_options =
    [
        "--name", "-n", "--process-id", "-p", "--min-age", "--format", "-f", "--output", "-o", "--stacks", "--attach-timeout", "--duration",
        "--refresh-interval", "--all-events", "--source-root", "--baseline", "--update-baseline", "--ignore", "--ignore-site",
        "--trace", "--announce-after", "--child-timeout", "--", "--help", "-h", "-?", "--version",
    ];

    private static readonly string[] s_values =
    [
        MissingPid, "2147483647", "2147483648", "0", "-1", "-2147483648", "1e3", "0.5", "NaN", "Infinity", "-Infinity", "1e309",
        "31536001", "00:00:05", "00:00:00:05", "365:00:00:01", "1:2", "-00:00:01", "abc", "", " ", "text", "json", "sarif", "junit", "markdown", "html", "xml", "TEXT", MissingProcessName,
        "/nonexistent-leakscope-fuzz/trace.nettrace", MissingCommand, "**", "[", "{a,b", "src/**/*.cs:12", ":", "a:99999999999",
        "@/nonexistent-leakscope-fuzz/args.rsp", "\0", "-", "---x", "=", "--min-age=1", "-f:json", "[diagram]", "[suggest]",
        new string('a', 5000), "\u202e\u0301\uffff", "\ud800",
    ];

    /// <summary>Options whose value names a file the tool may write, or a process it would look up.</summary>
    private static readonly string[] s_writtenPathOptions = ["--output", "-o", "--baseline", "--trace"];
    private static readonly string[] s_nameOptions = ["--name", "-n"];

    private static readonly string[] s_pathDirectories = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries);

    private readonly ByteMutator _random = new(seed);
    private readonly string[] _files = MakeFiles(scratch);

    public string[] Next()
    {
        var args = new List<string> { s_commands[_random.Next(s_commands.Length)] };
        for (int count = _random.Next(9); args.Count <= count;)
        {
            string option = s_options[_random.Next(s_options.Length)];
            args.Add(option);
            if (_random.Next(3) > 0)
            {
                args.Add(Value());
            }
        }

        for (int mutations = _random.Next(4); mutations > 0 && args.Count > 0; mutations--)
        {
            int at = _random.Next(args.Count);
            switch (_random.Next(5))
            {
                case 0: args.RemoveAt(at); break;
                case 1: args.Insert(at, args[at]); break;
                case 2: (args[at], args[^1]) = (args[^1], args[at]); break;
                case 3: args.Insert(at, Value()); break;
                default: args[at] = Garbage(); break;
            }
        }

        return MakeSafe(args);
    }

    private string Value() => _random.Next(4) switch
    {
        0 => _files[_random.Next(_files.Length)],
        1 => Garbage(),
        _ => s_values[_random.Next(s_values.Length)],
    };

    /// <summary>Random text without '/', so it is never a path to something that exists.</summary>
    private string Garbage()
    {
        var text = new StringBuilder();
        for (int length = _random.Next(12); text.Length < length;)
        {
            char c = (char)_random.Next(1, 0x3000);
            text.Append(c is '/' || char.IsSurrogate(c) ? '_' : c);
        }

        return text.ToString();
    }

    private string[] MakeSafe(List<string> args)
    {
        for (int i = 0; i < args.Count; i++)
        {
            string previous = i > 0 ? args[i - 1] : string.Empty;
            if (args[i] is "ps" or "demo" or "demo-target")
            {
                args[i] = MissingCommand;
            }
            else if (s_writtenPathOptions.Contains(previous))
            {
                args[i] = Path.Combine(scratch, "written-" + i.ToString(CultureInfo.InvariantCulture));
            }
            else if (s_nameOptions.Contains(previous))
            {
                args[i] = MissingProcessName;
            }
            else if (int.TryParse(args[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out int pid) && pid > 0 && pid <= 1 << 22)
            {
                args[i] = MissingPid;
            }
            else if (IsOnPath(args[i]))
            {
                args[i] = MissingCommand;
            }
        }

        return [.. args];
    }

    private static bool IsOnPath(string token) =>
        token.Length > 0 && token.IndexOfAny(['/', '\0']) < 0 && token.Trim() is { Length: > 0 } trimmed
        && s_pathDirectories.Any(directory => Path.Exists(Path.Combine(directory, trimmed)) || Path.Exists(Path.Combine(directory, token)));

    /// <summary>Existing files a command may be pointed at: garbage, empty, and a directory.</summary>
    private static string[] MakeFiles(string scratch)
    {
        string garbage = Path.Combine(scratch, "garbage.nettrace");
        File.WriteAllBytes(garbage, [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 31))]);
        string empty = Path.Combine(scratch, "empty.nettrace");
        File.WriteAllBytes(empty, []);
        return [garbage, empty, scratch];
    }
}
