using System.Diagnostics.CodeAnalysis;
using System.Diagnostics.Tracing;
using LeakScope.Registry;

namespace LeakScope.Diagnostics;

/// <summary>
/// The <c>LeakScope</c> provider. Its events, keywords and arguments are the wire contract that
/// tools read (docs/events.md). The event methods are in ScopeEventSource.Events.cs; this file holds
/// what the registry and worker call and how sessions' commands are applied.
/// </summary>
[EventSource(Name = ProviderName)]
internal sealed partial class ScopeEventSource(string name, ScopeRegistry registry)
    : EventSource(name, EventSourceSettings.EtwManifestEventFormat), IScopeEventSink
{
    public const string ProviderName = ProviderIdentity.Name;
    private const string PrimitivePayload = "Every payload field is a primitive or a string.";

    // Field initializers run before the base constructor, which may already apply commands from
    // sessions that were waiting for this provider (a process started suspended), so they need these.
    private readonly ScopeRegistry _registry = registry;
    private const int MaxExitSnapshotDirectories = 16;

    private readonly object _commandLock = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _exitSnapshotDirectories = new(StringComparer.Ordinal);
    private ScopeWorker? _worker;
    private ScopeBatcher? _batcher;
    private const EventKeywords EveryKeywordProbe = (EventKeywords)ProviderKeywords.EveryKeywordProbe;
    private long _batchSequence;
    private SessionSettings _settings = SessionSettings.Default;
    private bool _hasSession;
    private volatile bool _fullMode;

    // How names were formatted as sessions last changed: names on, mode, cap.
    private (bool On, NameMode Mode, int MaxLength) _nameFormat = (false, NameMode.Plain, 0);

    /// <summary>Keywords a session enables to choose what it pays for.</summary>
    public static class Keywords
    {
        /// <summary>Aged announcements, exits of announced scopes, abandonments and snapshots.</summary>
        public const EventKeywords Lifecycle = (EventKeywords)ProviderKeywords.Lifecycle;

        /// <summary>Every enter and exit, in batches of binary records, with call-site definitions.</summary>
        public const EventKeywords Full = (EventKeywords)ProviderKeywords.Full;

        /// <summary>Scope names in payloads (empty otherwise).</summary>
        public const EventKeywords Names = (EventKeywords)ProviderKeywords.Names;

        /// <summary>The managed stack of each call site, captured once per site.</summary>
        public const EventKeywords Stacks = (EventKeywords)ProviderKeywords.Stacks;

        /// <summary>Track the parent scope on each async flow (costs an allocation per enter).</summary>
        public const EventKeywords Parents = (EventKeywords)ProviderKeywords.Parents;

        /// <summary>Periodic per-call-site summaries.</summary>
        public const EventKeywords Summaries = (EventKeywords)ProviderKeywords.Summaries;
    }

    public bool IsListening => IsEnabled();

    internal SessionSettings CurrentSettings => Volatile.Read(ref _settings);

    [NonEvent]
    public void OnEntered(in ScopeDescription scope)
    {
        try
        {
            CallSite site = scope.Site;
            if (site.TryClaimDefinition())
            {
                DefineSite(site);
            }

            DefineOwnerOnce(scope.OwnerId);
            GetBatcher().AppendEntered(scope.Id, site.Id, scope.ThreadId, scope.ParentId, scope.EnteredAtMs, scope.Name, scope.OwnerId);
        }
        catch (Exception ex)
        {
            SelfLog.Write("full-mode enter", ex);
        }
    }

    [NonEvent]
    public void OnExited(long id, ScopeOutcome outcome, string? exceptionType, long enteredAtMs, bool announced, bool batched)
    {
        string type = exceptionType is null ? string.Empty : NameFormatter.ForWire(exceptionType, NameFormatter.MaxCodeTextLength);
        if (announced)
        {
            ScopeExited(id, (int)outcome, type, ScopeClock.MillisecondsSince(enteredAtMs));
        }

        // What IsFullMode asks, as the last session command left it: two EventSource checks less on every exit.
        if (_fullMode)
        {
            GetBatcher().AppendExited(id, (int)outcome, enteredAtMs, type);
        }
    }

    /// <summary>Writes buffered full-mode records now; the worker calls this every few milliseconds.</summary>
    [NonEvent]
    internal void FlushBatches()
    {
        ScopeBatcher? batcher = Volatile.Read(ref _batcher);
        batcher?.FlushAll();
    }

    /// <summary>Defines every call site, so a new full-mode session can resolve site ids in batches.</summary>
    [NonEvent]
    internal void DefineAllSites()
    {
        CallSite[] sites = _registry.Sites.All(out int count);
        for (int i = 0; i < count; i++)
        {
            DefineSite(sites[i]);
        }
    }

    [NonEvent]
    public void OnAbandoned(in ScopeDescription scope) => Describe(EventIds.ScopeAbandoned, string.Empty, scope);

    /// <summary>Writes one of the events that fully describe a scope, applying the sessions' name settings.</summary>
    [NonEvent]
    internal void Describe(int eventId, string nonce, in ScopeDescription scope)
    {
        string name = FormatName(scope.Name);
        string stack = IsAsked(EventLevel.LogAlways, Keywords.Stacks) ? scope.Site.Stack ?? string.Empty : string.Empty;
        string kind = scope.Site.WireKind;
        string file = scope.Site.WireFile;
        string member = scope.Site.WireMember;
        DateTime enteredAt = ScopeClock.ToUtc(scope.EnteredAtMs);
        DefineOwnerOnce(scope.OwnerId);

        switch (eventId)
        {
            case EventIds.ScopeAnnounced:
                ScopeAnnounced(scope.Id, kind, name, file, scope.Site.Line, member, scope.ThreadId, scope.ParentId, enteredAt, stack, scope.OwnerId);
                break;
            case EventIds.ScopeAbandoned:
                ScopeAbandoned(scope.Id, kind, name, file, scope.Site.Line, member, scope.ThreadId, scope.ParentId, enteredAt, stack, scope.OwnerId);
                break;
            case EventIds.SnapshotScope:
                SnapshotScope(nonce, scope.Id, kind, name, file, scope.Site.Line, member, scope.ThreadId, scope.ParentId, enteredAt, stack, scope.OwnerId);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(eventId));
        }
    }

    /// <summary>Writes a scope from a call site's record of abandoned scopes, applying the sessions' name settings.</summary>
    [NonEvent]
    internal void DescribeAbandoned(string nonce, CallSite site, in AbandonedScope scope)
    {
        SessionSettings settings = CurrentSettings;
        string name = IsEnabled(EventLevel.LogAlways, Keywords.Names) ? scope.Name.Format(settings.NameMode, settings.NameMaxLength) : string.Empty;
        string stack = IsAsked(EventLevel.LogAlways, Keywords.Stacks) ? site.Stack ?? string.Empty : string.Empty;
        DefineOwnerOnce(scope.OwnerId);
        SnapshotAbandoned(
            nonce,
            scope.Id,
            site.WireKind,
            name,
            site.WireFile,
            site.Line,
            site.WireMember,
            scope.ThreadId,
            scope.ParentId,
            ScopeClock.ToUtc(scope.EnteredAtMs),
            stack,
            ScopeClock.ToUtc(scope.AbandonedAtMs),
            scope.OwnerId);
    }

    [NonEvent]
    internal void EmitAbandonedSite(string nonce, CallSite site, long abandoned, long listed) =>
        SnapshotAbandonedSite(nonce, site.WireKind, site.WireFile, site.Line, site.WireMember, abandoned, listed);

    [NonEvent]
    internal void EmitSummary(CallSite site, long openNow, long entered, long exited, long abandoned, double intervalMs) =>
        SiteSummary(
            site.WireKind,
            site.WireFile,
            site.Line,
            site.WireMember,
            openNow,
            entered,
            exited,
            abandoned,
            intervalMs);

    /// <summary>Flushes full-mode records and emits a snapshot for sessions still listening as the process exits.</summary>
    [NonEvent]
    internal void EmitExitSnapshot()
    {
        if (IsEnabled())
        {
            FlushBatches();
            GetWorker().EmitSnapshot(string.Empty, SnapshotReason.ProcessExiting, CurrentSettings.BatchedSnapshots);
        }
    }

    [NonEvent]
    internal string FormatName(string? name)
    {
        if (!IsEnabled(EventLevel.LogAlways, Keywords.Names))
        {
            return string.Empty;
        }

        SessionSettings settings = CurrentSettings;
        return NameFormatter.Format(name, settings.NameMode, settings.NameMaxLength);
    }

    /// <summary>Writes <c>OwnerDefined</c> the first time an owner is used since sessions last changed (unowned, 0, needs none).</summary>
    [NonEvent]
    internal void DefineOwnerOnce(int ownerId)
    {
        if (ownerId != 0 && _registry.Owners.FindById(ownerId) is { } owner && owner.TryClaimDefinition())
        {
            OwnerDefined(owner.Id, owner.WireKind, owner.WireName);
        }
    }

    /// <summary>
    /// Makes every owner be defined again at its next use: a session starting a snapshot must learn the
    /// owners of the scopes it is about to be told of, even those defined before it joined.
    /// </summary>
    [NonEvent]
    internal void ForgetOwnerDefinitions()
    {
        ScopeOwner?[] owners = _registry.Owners.All(out int count);
        for (int i = 1; i < count; i++)
        {
            owners[i]?.ForgetDefinition();
        }
    }

    [NonEvent]
    internal void DefineSite(CallSite site)
    {
        string stack = IsAsked(EventLevel.LogAlways, Keywords.Stacks) ? site.Stack ?? string.Empty : string.Empty;
        CallSiteDefined(
            site.Id,
            site.WireKind,
            site.WireFile,
            site.Line,
            site.WireMember,
            stack);
    }

    [NonEvent]
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = PrimitivePayload)]
    private unsafe void WriteBatch(int recordCount, byte[] records, int length, bool compact)
    {
        // Numbered so a consumer sees a batch go missing even when the trace machinery does not count it.
        long sequence = Interlocked.Increment(ref _batchSequence);
        int recordFormat = SnapshotRecords.OwnerFormat;
        fixed (byte* recordsPtr = records)
        {
            EventData* data = stackalloc EventData[5];
            Set(data, 0, &recordCount, sizeof(int));
            Set(data, 1, &length, sizeof(int));
            Set(data, 2, recordsPtr, length);
            Set(data, 3, &sequence, sizeof(long));

            // Only compact records carry owners: the fixed layout is for readers that are not leakscope.
            Set(data, 4, &recordFormat, sizeof(int));
            WriteEventCore(compact ? EventIds.CompactScopeBatch : EventIds.ScopeBatch, compact ? 5 : 4, data);
        }
    }

    // Inlined into every full-mode enter and exit; the batcher is created once, out of line.
    [NonEvent]
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private ScopeBatcher GetBatcher() => Volatile.Read(ref _batcher) ?? CreateBatcher();

    [NonEvent]
    private ScopeBatcher CreateBatcher()
    {
        lock (_commandLock)
        {
            return _batcher ??= new ScopeBatcher(WriteBatch, FormatName) { Compact = CurrentSettings.CompactBatches, Paired = CurrentSettings.PairedRecords, Closed = CurrentSettings.ClosedRecords };
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
            _batcher?.Dispose();
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
                RememberExitSnapshotDirectory(command.Arguments);
                GetWorker().RequestSnapshot(SessionSettings.Nonce(command.Arguments), requested.BatchedSnapshots);
            }
            else if (command.Command == EventCommand.Disable)
            {
                FlushBatches();
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

    /// <summary>Directories sessions asked the exit snapshot file to be written to (docs/events.md); kept after they end.</summary>
    internal IReadOnlyCollection<string> ExitSnapshotDirectories => [.. _exitSnapshotDirectories.Keys];

    [NonEvent]
    private void RememberExitSnapshotDirectory(IDictionary<string, string?>? arguments)
    {
        // An absolute path to an existing directory only: a session cannot make the runtime create one.
        if (arguments is not null
            && arguments.TryGetValue(ProviderArguments.ExitSnapshotDirectory, out string? directory)
            && directory is { Length: > 0 and < 4096 }
            && Path.IsPathFullyQualified(directory)
            && Directory.Exists(directory)
            && _exitSnapshotDirectories.Count < MaxExitSnapshotDirectories)
        {
            _exitSnapshotDirectories.TryAdd(directory, 0);
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

    /// <summary>Full mode is on: a session named the <c>Full</c> keyword.</summary>
    internal bool IsFullMode => IsAsked(EventLevel.Informational, Keywords.Full);

    /// <summary>
    /// Whether a session asked for <paramref name="keywords"/> by name. EventSource reads keywords 0
    /// (dotnet-counters, dotnet-trace without keywords) as every keyword, while EventPipe delivers
    /// such a session none of ours; so when a bit no session would name is on too, only the
    /// keywords sessions declared in their <c>Keywords</c> argument count.
    /// </summary>
    [NonEvent]
    private bool IsAsked(EventLevel level, EventKeywords keywords) =>
        IsEnabled(level, keywords)
        && (!IsEnabled(EventLevel.LogAlways, EveryKeywordProbe) || (CurrentSettings.DeclaredKeywords & (long)keywords) != 0);

    [NonEvent]
    private void UpdateRegistryModes()
    {
        RegistryModes modes = RegistryModes.None;
        _fullMode = IsAsked(EventLevel.Informational, Keywords.Full);
        if (_fullMode)
        {
            modes |= RegistryModes.EmitEveryScope;
        }

        if (IsAsked(EventLevel.LogAlways, Keywords.Parents))
        {
            modes |= RegistryModes.TrackParents;
        }

        if (IsAsked(EventLevel.LogAlways, Keywords.Stacks))
        {
            modes |= RegistryModes.CaptureStacks;
        }

        _registry.SetSessionModes(modes);
        _registry.Events = this;
        // Names buffered in full mode were formatted under the settings before: a session that joined asking
        // for stricter ones receives those batches too.
        SessionSettings settings = CurrentSettings;
        (bool On, NameMode Mode, int MaxLength) before = _nameFormat;
        _nameFormat = (IsEnabled(EventLevel.LogAlways, Keywords.Names), settings.NameMode, settings.NameMaxLength);
        bool tightened = before.On
            && (!_nameFormat.On || _nameFormat.Mode > before.Mode || (_nameFormat.Mode == NameMode.Plain && _nameFormat.MaxLength < before.MaxLength));
        if (Volatile.Read(ref _batcher) is { } batcher)
        {
            if (tightened)
            {
                batcher.NameSettingsTightened();
            }

            batcher.Compact = CurrentSettings.CompactBatches;
            batcher.Paired = CurrentSettings.PairedRecords;
            batcher.Closed = CurrentSettings.ClosedRecords;
        }
    }
}
