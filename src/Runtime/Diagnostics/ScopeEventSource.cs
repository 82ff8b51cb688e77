using System.Diagnostics.CodeAnalysis;
using System.Diagnostics.Tracing;
using LeakScope.Registry;

namespace LeakScope.Diagnostics;

/// <summary>
/// The <c>LeakScope</c> provider. Its events, keywords and arguments are the wire contract that
/// tools read (docs/events.md). Hot events are written through WriteEventCore without allocating.
/// </summary>
[EventSource(Name = ProviderName)]
internal sealed class ScopeEventSource(string name, ScopeRegistry registry)
    : EventSource(name, EventSourceSettings.EtwManifestEventFormat), IScopeEventSink
{
    public const string ProviderName = "LeakScope";
    private const int MaxCodeTextLength = 1024;
    private const string PrimitivePayload = "Every payload field is a primitive or a string.";

    // Field initializers run before the base constructor, which may already apply commands from
    // sessions that were waiting for this provider (a process started suspended), so they need these.
    private readonly ScopeRegistry _registry = registry;
    private readonly object _commandLock = new();
    private ScopeWorker? _worker;
    private SessionSettings _settings = SessionSettings.Default;
    private bool _hasSession;

    /// <summary>Keywords a session enables to choose what it pays for.</summary>
    public static class Keywords
    {
        /// <summary>Aged announcements, exits of announced scopes, abandonments and snapshots.</summary>
        public const EventKeywords Lifecycle = (EventKeywords)0x1;

        /// <summary>Every enter and exit as it happens.</summary>
        public const EventKeywords Full = (EventKeywords)0x2;

        /// <summary>Scope names in payloads (empty otherwise).</summary>
        public const EventKeywords Names = (EventKeywords)0x4;

        /// <summary>The managed stack of each call site, captured once per site.</summary>
        public const EventKeywords Stacks = (EventKeywords)0x8;

        /// <summary>Track the parent scope on each async flow (costs an allocation per enter).</summary>
        public const EventKeywords Parents = (EventKeywords)0x10;

        /// <summary>Periodic per-call-site summaries.</summary>
        public const EventKeywords Summaries = (EventKeywords)0x20;
    }

    public bool IsListening => IsEnabled();

    internal SessionSettings CurrentSettings => Volatile.Read(ref _settings);

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = PrimitivePayload)]
    [Event(EventIds.ScopeEntered, Level = EventLevel.Informational, Keywords = Keywords.Full)]
    public unsafe void ScopeEntered(long scopeId, string kind, string name, string file, int line, string member, int threadId, long parentId, DateTime enteredAt, string stack)
    {
        long enteredAtFileTime = enteredAt.ToFileTimeUtc();
        fixed (char* kindPtr = kind, namePtr = name, filePtr = file, memberPtr = member, stackPtr = stack)
        {
            EventData* data = stackalloc EventData[10];
            Set(data, 0, &scopeId, sizeof(long));
            Set(data, 1, kindPtr, kind);
            Set(data, 2, namePtr, name);
            Set(data, 3, filePtr, file);
            Set(data, 4, &line, sizeof(int));
            Set(data, 5, memberPtr, member);
            Set(data, 6, &threadId, sizeof(int));
            Set(data, 7, &parentId, sizeof(long));
            Set(data, 8, &enteredAtFileTime, sizeof(long));
            Set(data, 9, stackPtr, stack);
            WriteEventCore(EventIds.ScopeEntered, 10, data);
        }
    }

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = PrimitivePayload)]
    [Event(EventIds.ScopeExited, Level = EventLevel.Informational, Keywords = Keywords.Lifecycle | Keywords.Full)]
    public unsafe void ScopeExited(long scopeId, int outcome, string exceptionType, double durationMs)
    {
        fixed (char* exceptionTypePtr = exceptionType)
        {
            EventData* data = stackalloc EventData[4];
            Set(data, 0, &scopeId, sizeof(long));
            Set(data, 1, &outcome, sizeof(int));
            Set(data, 2, exceptionTypePtr, exceptionType);
            Set(data, 3, &durationMs, sizeof(double));
            WriteEventCore(EventIds.ScopeExited, 4, data);
        }
    }

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = PrimitivePayload)]
    [Event(EventIds.ScopeAbandoned, Level = EventLevel.Warning, Keywords = Keywords.Lifecycle | Keywords.Full)]
    public unsafe void ScopeAbandoned(long scopeId, string kind, string name, string file, int line, string member, int threadId, long parentId, DateTime enteredAt, string stack)
    {
        long enteredAtFileTime = enteredAt.ToFileTimeUtc();
        fixed (char* kindPtr = kind, namePtr = name, filePtr = file, memberPtr = member, stackPtr = stack)
        {
            EventData* data = stackalloc EventData[10];
            Set(data, 0, &scopeId, sizeof(long));
            Set(data, 1, kindPtr, kind);
            Set(data, 2, namePtr, name);
            Set(data, 3, filePtr, file);
            Set(data, 4, &line, sizeof(int));
            Set(data, 5, memberPtr, member);
            Set(data, 6, &threadId, sizeof(int));
            Set(data, 7, &parentId, sizeof(long));
            Set(data, 8, &enteredAtFileTime, sizeof(long));
            Set(data, 9, stackPtr, stack);
            WriteEventCore(EventIds.ScopeAbandoned, 10, data);
        }
    }

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = PrimitivePayload)]
    [Event(EventIds.ScopeAnnounced, Level = EventLevel.Informational, Keywords = Keywords.Lifecycle)]
    public unsafe void ScopeAnnounced(long scopeId, string kind, string name, string file, int line, string member, int threadId, long parentId, DateTime enteredAt, string stack)
    {
        long enteredAtFileTime = enteredAt.ToFileTimeUtc();
        fixed (char* kindPtr = kind, namePtr = name, filePtr = file, memberPtr = member, stackPtr = stack)
        {
            EventData* data = stackalloc EventData[10];
            Set(data, 0, &scopeId, sizeof(long));
            Set(data, 1, kindPtr, kind);
            Set(data, 2, namePtr, name);
            Set(data, 3, filePtr, file);
            Set(data, 4, &line, sizeof(int));
            Set(data, 5, memberPtr, member);
            Set(data, 6, &threadId, sizeof(int));
            Set(data, 7, &parentId, sizeof(long));
            Set(data, 8, &enteredAtFileTime, sizeof(long));
            Set(data, 9, stackPtr, stack);
            WriteEventCore(EventIds.ScopeAnnounced, 10, data);
        }
    }

    [Event(EventIds.SnapshotStarted, Level = EventLevel.Informational, Keywords = Keywords.Lifecycle | Keywords.Full)]
    public void SnapshotStarted(string nonce, int reason) => WriteEvent(EventIds.SnapshotStarted, nonce, reason);

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = PrimitivePayload)]
    [Event(EventIds.SnapshotScope, Level = EventLevel.Informational, Keywords = Keywords.Lifecycle | Keywords.Full)]
    public unsafe void SnapshotScope(string nonce, long scopeId, string kind, string name, string file, int line, string member, int threadId, long parentId, DateTime enteredAt, string stack)
    {
        long enteredAtFileTime = enteredAt.ToFileTimeUtc();
        fixed (char* noncePtr = nonce, kindPtr = kind, namePtr = name, filePtr = file, memberPtr = member, stackPtr = stack)
        {
            EventData* data = stackalloc EventData[11];
            Set(data, 0, noncePtr, nonce);
            Set(data, 1, &scopeId, sizeof(long));
            Set(data, 2, kindPtr, kind);
            Set(data, 3, namePtr, name);
            Set(data, 4, filePtr, file);
            Set(data, 5, &line, sizeof(int));
            Set(data, 6, memberPtr, member);
            Set(data, 7, &threadId, sizeof(int));
            Set(data, 8, &parentId, sizeof(long));
            Set(data, 9, &enteredAtFileTime, sizeof(long));
            Set(data, 10, stackPtr, stack);
            WriteEventCore(EventIds.SnapshotScope, 11, data);
        }
    }

    [Event(EventIds.SnapshotCompleted, Level = EventLevel.Informational, Keywords = Keywords.Lifecycle | Keywords.Full)]
    public void SnapshotCompleted(string nonce, int reason, long scopeCount) => WriteEvent(EventIds.SnapshotCompleted, nonce, reason, scopeCount);

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = PrimitivePayload)]
    [Event(EventIds.SiteSummary, Level = EventLevel.Informational, Keywords = Keywords.Summaries)]
    public unsafe void SiteSummary(string kind, string file, int line, string member, long openNow, long entered, long exited, long abandoned, double intervalMs)
    {
        fixed (char* kindPtr = kind, filePtr = file, memberPtr = member)
        {
            EventData* data = stackalloc EventData[9];
            Set(data, 0, kindPtr, kind);
            Set(data, 1, filePtr, file);
            Set(data, 2, &line, sizeof(int));
            Set(data, 3, memberPtr, member);
            Set(data, 4, &openNow, sizeof(long));
            Set(data, 5, &entered, sizeof(long));
            Set(data, 6, &exited, sizeof(long));
            Set(data, 7, &abandoned, sizeof(long));
            Set(data, 8, &intervalMs, sizeof(double));
            WriteEventCore(EventIds.SiteSummary, 9, data);
        }
    }

    [NonEvent]
    public void OnEntered(in ScopeDescription scope) => Describe(EventIds.ScopeEntered, string.Empty, scope);

    [NonEvent]
    public void OnExited(long id, ScopeOutcome outcome, string? exceptionType, double durationMilliseconds) =>
        ScopeExited(id, (int)outcome, exceptionType ?? string.Empty, durationMilliseconds);

    [NonEvent]
    public void OnAbandoned(in ScopeDescription scope) => Describe(EventIds.ScopeAbandoned, string.Empty, scope);

    /// <summary>Writes one of the events that fully describe a scope, applying the sessions' name settings.</summary>
    [NonEvent]
    internal void Describe(int eventId, string nonce, in ScopeDescription scope)
    {
        SessionSettings settings = CurrentSettings;
        string name = IsEnabled(EventLevel.LogAlways, Keywords.Names)
            ? NameFormatter.Format(scope.Name, settings.NameMode, settings.NameMaxLength)
            : string.Empty;
        string stack = IsEnabled(EventLevel.LogAlways, Keywords.Stacks) ? scope.Site.Stack ?? string.Empty : string.Empty;
        string kind = NameFormatter.Cap(scope.Site.Kind, MaxCodeTextLength);
        string file = NameFormatter.Cap(scope.Site.File, MaxCodeTextLength);
        string member = NameFormatter.Cap(scope.Site.Member, MaxCodeTextLength);
        DateTime enteredAt = ScopeClock.ToUtc(scope.EnteredAtMs);

        switch (eventId)
        {
            case EventIds.ScopeEntered:
                ScopeEntered(scope.Id, kind, name, file, scope.Site.Line, member, scope.ThreadId, scope.ParentId, enteredAt, stack);
                break;
            case EventIds.ScopeAnnounced:
                ScopeAnnounced(scope.Id, kind, name, file, scope.Site.Line, member, scope.ThreadId, scope.ParentId, enteredAt, stack);
                break;
            case EventIds.ScopeAbandoned:
                ScopeAbandoned(scope.Id, kind, name, file, scope.Site.Line, member, scope.ThreadId, scope.ParentId, enteredAt, stack);
                break;
            case EventIds.SnapshotScope:
                SnapshotScope(nonce, scope.Id, kind, name, file, scope.Site.Line, member, scope.ThreadId, scope.ParentId, enteredAt, stack);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(eventId));
        }
    }

    [NonEvent]
    internal void EmitSummary(CallSite site, long openNow, long entered, long exited, long abandoned, double intervalMs) =>
        SiteSummary(
            NameFormatter.Cap(site.Kind, MaxCodeTextLength),
            NameFormatter.Cap(site.File, MaxCodeTextLength),
            site.Line,
            NameFormatter.Cap(site.Member, MaxCodeTextLength),
            openNow,
            entered,
            exited,
            abandoned,
            intervalMs);

    /// <summary>Emits a snapshot for sessions still listening as the process exits.</summary>
    [NonEvent]
    internal void EmitExitSnapshot()
    {
        if (IsEnabled())
        {
            GetWorker().EmitSnapshot(string.Empty, SnapshotReason.ProcessExiting);
        }
    }

    [NonEvent]
    internal ScopeWorker GetWorker()
    {
        lock (_commandLock)
        {
            return _worker ??= new ScopeWorker(_registry, this);
        }
    }

    protected override void Dispose(bool disposing)
    {
        lock (_commandLock)
        {
            _worker?.Stop();
        }

        base.Dispose(disposing);
    }

    protected override void OnEventCommand(EventCommandEventArgs command)
    {
        try
        {
            if (command.Command is EventCommand.Enable or EventCommand.Update)
            {
                SessionSettings requested = SessionSettings.Parse(command.Arguments);
                lock (_commandLock)
                {
                    _settings = _hasSession ? _settings.MergeWith(requested) : requested;
                    _hasSession = true;
                }

                UpdateRegistryModes();
                GetWorker().RequestSnapshot(SessionSettings.Nonce(command.Arguments));
            }
            else if (command.Command == EventCommand.Disable)
            {
                if (!IsEnabled())
                {
                    lock (_commandLock)
                    {
                        _settings = SessionSettings.Default;
                        _hasSession = false;
                    }
                }

                UpdateRegistryModes();
            }
        }
        catch (Exception ex)
        {
            SelfLog.Write("session command", ex);
        }
    }

    [NonEvent]
    private static unsafe void Set(EventData* data, int index, void* value, int size)
    {
        data[index].DataPointer = (IntPtr)value;
        data[index].Size = size;
    }

    // Strings go out with their terminating null, as the manifest format expects.
    [NonEvent]
    private static unsafe void Set(EventData* data, int index, char* value, string text)
    {
        data[index].DataPointer = (IntPtr)value;
        data[index].Size = (text.Length + 1) * sizeof(char);
    }

    [NonEvent]
    private void UpdateRegistryModes()
    {
        RegistryModes modes = RegistryModes.None;
        if (IsEnabled(EventLevel.Informational, Keywords.Full))
        {
            modes |= RegistryModes.EmitEveryScope;
        }

        if (IsEnabled(EventLevel.LogAlways, Keywords.Parents))
        {
            modes |= RegistryModes.TrackParents;
        }

        if (IsEnabled(EventLevel.LogAlways, Keywords.Stacks))
        {
            modes |= RegistryModes.CaptureStacks;
        }

        _registry.SetSessionModes(modes);
        _registry.Events = this;
    }
}
