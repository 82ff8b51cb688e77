namespace LeakScope.Registry;

/// <summary>Receives what the registry must tell listening sessions from the enter/exit path.</summary>
internal interface IScopeEventSink
{
    /// <summary>True while at least one session listens for scope exits or abandonments.</summary>
    bool IsListening { get; }

    void OnEntered(in ScopeDescription scope);

    void OnExited(long id, ScopeOutcome outcome, string? exceptionType, double durationMilliseconds);

    void OnAbandoned(in ScopeDescription scope);
}
