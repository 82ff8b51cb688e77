using System.Runtime.InteropServices;

namespace LeakScope.TestApp;

/// <summary>A process that will not stop when asked: "ignore-term" cancels SIGTERM from then on.</summary>
internal static class StubbornProcess
{
    private static PosixSignalRegistration? s_registration;

    public static void IgnoreTerm(string[] args, TextWriter output) =>
        s_registration ??= PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => context.Cancel = true);
}
