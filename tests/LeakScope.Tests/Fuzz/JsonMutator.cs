using System.Text;

namespace LeakScope.Cli.Tests.Fuzz;

/// <summary>
/// Damages JSON documents: half the time as bytes (<see cref="ByteMutator"/>), half the time by
/// replacing one scalar value with one of another type or out of range, which byte damage rarely
/// produces while keeping the document well-formed.
/// </summary>
internal sealed class JsonMutator(int seed)
{
    private static readonly string[] s_hostileValues =
    [
        "null", "true", "[]", "{}", "[null]", "[{}]", "\"\"", "\"x\"", "-1", "0", "1.5", "1e400", "-1e400",
        "99999999999999999999", "-9223372036854775809", "\"2026-13-45T99:00:00Z\"", "\"\\u0000\"", "\"\\ud800\"",
    ];

    private readonly ByteMutator _bytes = new(seed);

    public byte[] Mutate(string json, out string description)
    {
        byte[] original = Encoding.UTF8.GetBytes(json);
        if (_bytes.Next(2) == 0)
        {
            return _bytes.Mutate(original, out description);
        }

        // Only scalar member values: a document whose whole array was swapped for another is a
        // different, well-formed document, not a damaged one, and no reader could tell.
        List<int> starts = [.. Enumerable.Range(0, json.Length - 1).Where(i => json[i] == ':' && json.AsSpan(i + 1).TrimStart()[0] is not ('{' or '[')).Select(i => i + 1)];
        int start = starts[_bytes.Next(starts.Count)];
        int end = start;
        bool inString = false;
        for (; end < json.Length; end++)
        {
            char c = json[end];
            if (inString)
            {
                inString = c != '"' || json[end - 1] == '\\';
            }
            else if (c == '"')
            {
                inString = true;
            }
            else if (c is ',' or '}' or ']')
            {
                break;
            }
        }

        string value = s_hostileValues[_bytes.Next(s_hostileValues.Length)];
        description = $"value at {start}..{end} replaced by {value}";
        string mutated = json[..start] + value + json[end..];
        return mutated == json ? _bytes.Mutate(original, out description) : Encoding.UTF8.GetBytes(mutated);
    }
}
