using System.Security.Cryptography;
using System.Text;

namespace LeakScope.Diagnostics;

/// <summary>Turns a scope name into what may leave the process: capped, hashed or left out.</summary>
internal static class NameFormatter
{
    public const string HashPrefix = "sha256:";
    private const string Ellipsis = "…";

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

        return Cap(name, maxLength);
    }

    /// <summary>Keeps text below the size that would make EventPipe drop the whole event.</summary>
    public static string Cap(string text, int maxLength)
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
