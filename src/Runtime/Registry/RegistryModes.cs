namespace LeakScope.Registry;

/// <summary>Optional work on the enter path, switched on by sessions or configuration.</summary>
[Flags]
internal enum RegistryModes
{
    None = 0,
    EmitEveryScope = 1,
    TrackParents = 2,
    CaptureStacks = 4,
}
