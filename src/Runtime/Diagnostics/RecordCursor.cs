namespace LeakScope.Diagnostics;

/// <summary>What the next compact record is written relative to: the previous record of its batch, or zeros at the batch's start.</summary>
internal readonly record struct RecordCursor(long ScopeId, long EnteredAtUnixMs);
