namespace LeakScope.Registry;

/// <summary>A scope whose owner was garbage-collected without disposing it, as the registry keeps it afterwards.</summary>
internal readonly record struct AbandonedScope(long Id, RetainedName Name, long ParentId, long EnteredAtMs, long AbandonedAtMs, int ThreadId, int OwnerId);
