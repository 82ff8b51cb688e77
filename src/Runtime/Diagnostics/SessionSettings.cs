using System.Globalization;

namespace LeakScope.Diagnostics;

/// <summary>
/// What sessions asked for through provider arguments. Several sessions share one provider, so
/// settings merge to the strictest: the shortest threshold and interval, the shortest name cap,
/// and the most private name mode.
/// </summary>
internal sealed record SessionSettings(
    TimeSpan AgeThreshold,
    TimeSpan SummaryInterval,
    int NameMaxLength,
    NameMode NameMode)
{
    public const int NameMaxLengthLimit = NameFormatter.MaxNameLength;

    /// <summary>Keywords sessions named in their <c>Keywords</c> argument; they count where the enabled keywords are ambiguous.</summary>
    public long DeclaredKeywords { get; init; }

    /// <summary>
    /// The session reads <c>SnapshotBatch</c> events. Merged as "every session does", so a snapshot
    /// that goes to all of them (at exit) is batched only when none would miss it.
    /// </summary>
    public bool BatchedSnapshots { get; init; }

    /// <summary>The session reads <c>CompactScopeBatch</c> events; merged as "every session does", since batches go to all of them.</summary>
    public bool CompactBatches { get; init; }

    /// <summary>The session reads paired records (with compact batches only); merged as "every session does".</summary>
    public bool PairedRecords { get; init; }

    /// <summary>The session reads closed records in place of paired ones (with paired records only); merged as "every session does".</summary>
    public bool ClosedRecords { get; init; }

    public static SessionSettings Default { get; } = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), 256, NameMode.Plain);

    /// <summary>Reads a session's arguments; a malformed value keeps the default rather than failing the session.</summary>
    public static SessionSettings Parse(IDictionary<string, string?>? arguments)
    {
        SessionSettings settings = Default;
        if (arguments is null)
        {
            return settings;
        }

        if (TryGetMilliseconds(arguments, ProviderArguments.AgeThresholdMs, out TimeSpan threshold))
        {
            settings = settings with { AgeThreshold = threshold };
        }

        if (TryGetMilliseconds(arguments, ProviderArguments.SummaryIntervalMs, out TimeSpan interval) && interval > TimeSpan.Zero)
        {
            settings = settings with { SummaryInterval = interval };
        }

        if (arguments.TryGetValue(ProviderArguments.NameMaxLength, out string? cap)
            && int.TryParse(cap, NumberStyles.Integer, CultureInfo.InvariantCulture, out int maxLength)
            && maxLength >= 0)
        {
            settings = settings with { NameMaxLength = Math.Min(maxLength, NameMaxLengthLimit) };
        }

        if (arguments.TryGetValue(ProviderArguments.Keywords, out string? keywords) && TryParseKeywords(keywords, out long declared))
        {
            settings = settings with { DeclaredKeywords = declared };
        }

        if (arguments.TryGetValue(ProviderArguments.SnapshotFormat, out string? format)
            && string.Equals(format, ProviderArguments.BatchedSnapshots, StringComparison.Ordinal))
        {
            settings = settings with { BatchedSnapshots = true };
        }

        if (arguments.TryGetValue(ProviderArguments.BatchFormat, out string? batchFormat)
            && string.Equals(batchFormat, ProviderArguments.CompactBatches, StringComparison.Ordinal))
        {
            settings = settings with { CompactBatches = true };
        }

        if (arguments.TryGetValue(ProviderArguments.PairedRecords, out string? paired)
            && string.Equals(paired, "true", StringComparison.Ordinal))
        {
            settings = settings with { PairedRecords = true };
        }

        if (arguments.TryGetValue(ProviderArguments.ClosedRecords, out string? closed)
            && string.Equals(closed, "true", StringComparison.Ordinal))
        {
            settings = settings with { ClosedRecords = true };
        }

        if (arguments.TryGetValue(ProviderArguments.NameMode, out string? mode)
            && Enum.TryParse(mode, ignoreCase: true, out NameMode nameMode)
            && Enum.IsDefined(nameMode))
        {
            settings = settings with { NameMode = nameMode };
        }

        return settings;
    }

    public static string Nonce(IDictionary<string, string?>? arguments) =>
        arguments is not null && arguments.TryGetValue(ProviderArguments.SnapshotNonce, out string? nonce) && nonce is not null
            ? nonce[..Math.Min(nonce.Length, 128)]
            : string.Empty;

    public SessionSettings MergeWith(SessionSettings other) => new(
        Min(AgeThreshold, other.AgeThreshold),
        Min(SummaryInterval, other.SummaryInterval),
        Math.Min(NameMaxLength, other.NameMaxLength),
        (NameMode)Math.Max((int)NameMode, (int)other.NameMode))
    {
        DeclaredKeywords = DeclaredKeywords | other.DeclaredKeywords,
        BatchedSnapshots = BatchedSnapshots && other.BatchedSnapshots,
        CompactBatches = CompactBatches && other.CompactBatches,
        PairedRecords = PairedRecords && other.PairedRecords,
        ClosedRecords = ClosedRecords && other.ClosedRecords,
    };

    /// <summary>As dotnet-trace writes keywords: <c>0x</c> and hex digits, or a decimal number.</summary>
    private static bool TryParseKeywords(string? text, out long keywords)
    {
        keywords = 0;
        if (text is null)
        {
            return false;
        }

        return text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? long.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out keywords)
            : long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out keywords);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static bool TryGetMilliseconds(IDictionary<string, string?> arguments, string key, out TimeSpan value)
    {
        value = default;
        if (arguments.TryGetValue(key, out string? text)
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double milliseconds)
            && milliseconds >= 0
            && milliseconds <= TimeSpan.FromDays(1).TotalMilliseconds)
        {
            value = TimeSpan.FromMilliseconds(milliseconds);
            return true;
        }

        return false;
    }
}
