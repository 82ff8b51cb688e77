using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace LeakScope.Diagnostics;

/// <summary>
/// Turns text from the application into what may leave the process: capped, with NUL replaced,
/// and a scope name also hashed or left out. Event strings end at the first NUL, so a NUL inside
/// would shift every later field for the reader (docs/events.md).
/// </summary>
internal static class NameFormatter
{
    public const string HashPrefix = "sha256:";

    /// <summary>The cap on kinds, files, members and exception types, in UTF-16 code units.</summary>
    public const int MaxCodeTextLength = 1024;

    /// <summary>The most a session may set as its name cap.</summary>
    public const int MaxNameLength = 4096;

    /// <summary>The cap on an owner's name (a test's display name with its arguments, a route).</summary>
    public const int MaxOwnerNameLength = 4096;

    /// <summary>The cap on a call site's stack text.</summary>
    public const int MaxStackLength = 16 * 1024;

    /// <summary>What a NUL or an unpaired surrogate becomes: the Unicode replacement character.</summary>
    public const char NulReplacement = '\uFFFD';

    private const string Ellipsis = "…";

    private static readonly SearchValues<char> s_unsafe = SearchValues.Create(CharsToRepair());

    public static string Format(string? name, NameMode mode, int maxLength)
    {
        if (string.IsNullOrEmpty(name) || mode == NameMode.Omit)
        {
            return string.Empty;
        }

        if (mode == NameMode.Hash)
        {
            byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(name));
            return HashPrefix + Convert.ToHexString(hash, 0, 8).ToLowerInvariant();
        }

        return ForWire(name, maxLength);
    }

    /// <summary>
    /// Caps the text (below the size that would make EventPipe drop the whole event) and replaces NUL
    /// and unpaired surrogates, which no JSON writer accepts, by U+FFFD.
    /// </summary>
    public static string ForWire(string text, int maxLength)
    {
        string capped = Cap(text, maxLength);
        return capped.AsSpan().IndexOfAny(s_unsafe) < 0 ? capped : Repair(capped);
    }

    private static string Repair(string text)
    {
        char[] chars = text.ToCharArray();
        for (int i = 0; i < chars.Length; i++)
        {
            if (char.IsHighSurrogate(chars[i]) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1]))
            {
                i++;
            }
            else if (chars[i] == '\0' || char.IsSurrogate(chars[i]))
            {
                chars[i] = NulReplacement;
            }
        }

        return new string(chars);
    }

    private static string CharsToRepair()
    {
        var chars = new StringBuilder("\0");
        for (char c = '\uD800'; c <= '\uDFFF'; c++)
        {
            chars.Append(c);
        }

        return chars.ToString();
    }

    private static string Cap(string text, int maxLength)
    {
        if (text.Length <= maxLength)
        {
            return text;
        }

        if (maxLength <= Ellipsis.Length)
        {
            return text[..maxLength];
        }

        int keep = maxLength - Ellipsis.Length;
        if (char.IsHighSurrogate(text[keep - 1]))
        {
            keep--;
        }

        return string.Concat(text.AsSpan(0, keep), Ellipsis);
    }
}
