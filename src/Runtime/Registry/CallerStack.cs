using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace LeakScope.Registry;

/// <summary>Captures the managed stack of the code that entered a scope, without LeakScope's own frames.</summary>
internal static class CallerStack
{
    public const int MaxLength = LeakScope.Diagnostics.NameFormatter.MaxStackLength;

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Stack text is diagnostic; missing method names are acceptable.")]
    public static string Capture()
    {
        var frames = new StackTrace(1, fNeedFileInfo: true).GetFrames();
        int first = 0;
        while (first < frames.Length && IsOwnFrame(frames[first]))
        {
            first++;
        }

        string text = new StackTrace(frames.Skip(first)).ToString();
        return text.Length <= MaxLength ? text : text[..MaxLength];
    }

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Only compares the declaring assembly.")]
    private static bool IsOwnFrame(StackFrame frame) =>
        frame.GetMethod()?.DeclaringType?.Assembly == typeof(CallerStack).Assembly;
}
