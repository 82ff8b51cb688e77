namespace LeakScope.Registry;

/// <summary>Layout of <see cref="ScopeSlot.Tag"/>: the scope id above five flag bits.</summary>
internal static class SlotTag
{
    public const int FlagBits = 5;

    /// <summary>An emitter is writing this scope's description; exit waits so its event comes after.</summary>
    public const long Describing = 1;

    /// <summary>A session was told about this scope, so its exit is emitted too.</summary>
    public const long Announced = 2;

    public const long Completed = 4;
    public const long Faulted = 8;

    /// <summary>Entered in full mode: its enter is in a batch, so its exit goes in one too.</summary>
    public const long Batched = 16;

    public const long FlagMask = (1 << FlagBits) - 1;

    public static long IdOf(long tag) => tag >> FlagBits;

    public static long For(long id) => id << FlagBits;
}
