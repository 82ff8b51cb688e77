namespace LeakScope.Registry;

/// <summary>Receives what the registry must tell listening sessions from the enter/exit path.</summary>
internal interface IScopeEventSink
{
    /// <summary>True while at least one session listens for scope exits or abandonments.</summary>
    bool IsListening { get; }

    /// <summary>Records an enter in full mode, before the scope is published, so its exit cannot come first.</summary>
    void OnEntered(in ScopeDescription scope);

    /// <summary>
    /// Reports the exit of a scope a session knows: <paramref name="announced"/> individually, <paramref name="batched"/> in full mode.
    /// The enter time (<see cref="ScopeClock"/>), not the duration: a record that holds no duration reads no clock.
    /// </summary>
    void OnExited(long id, ScopeOutcome outcome, string? exceptionType, long enteredAtMs, bool announced, bool batched);

    void OnAbandoned(in ScopeDescription scope);
}
