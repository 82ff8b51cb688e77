using System.Globalization;

namespace LeakScope;

/// <summary>A scope that was open when <see cref="Scope.GetOpenScopes"/> was called.</summary>
public sealed class OpenScope
{
    internal OpenScope(long id, string kind, string? name, string file, int line, string member, int threadId, long parentId, DateTime enteredAtUtc, TimeSpan age, string? ownerKind, string? ownerName)
    {
        OwnerKind = ownerKind;
        OwnerName = ownerName;
        Id = id;
        Kind = kind;
        Name = name;
        File = file;
        Line = line;
        Member = member;
        ThreadId = threadId;
        ParentId = parentId;
        EnteredAt = new DateTimeOffset(enteredAtUtc, TimeSpan.Zero);
        Age = age;
    }

    /// <summary>The scope's id, unique in this process.</summary>
    public long Id { get; }

    /// <summary>What kind of resource the scope stands for, such as <c>db-connection</c>.</summary>
    public string Kind { get; }

    /// <summary>The name given when the scope was entered, if any.</summary>
    public string? Name { get; }

    /// <summary>The source file that entered the scope.</summary>
    public string File { get; }

    /// <summary>The line in <see cref="File"/> that entered the scope.</summary>
    public int Line { get; }

    /// <summary>The method or property that entered the scope.</summary>
    public string Member { get; }

    /// <summary>The managed thread that entered the scope.</summary>
    public int ThreadId { get; }

    /// <summary>The innermost scope open on the same async flow at enter, or 0 (parents are tracked on request).</summary>
    public long ParentId { get; }

    /// <summary>The kind of the owner current when the scope was entered (<see cref="Scope.Own"/>), such as <c>test</c>; null when unowned.</summary>
    public string? OwnerKind { get; }

    /// <summary>The name of the owner current when the scope was entered, such as a test's display name; null when unowned.</summary>
    public string? OwnerName { get; }

    /// <summary>When the scope was entered.</summary>
    public DateTimeOffset EnteredAt { get; }

    /// <summary>How long the scope had been open when it was read.</summary>
    public TimeSpan Age { get; }

    /// <inheritdoc/>
    public override string ToString()
    {
        string name = Name is null ? string.Empty : $" '{Name}'";
        string owner = OwnerKind is null ? string.Empty : $", owned by {OwnerKind} '{OwnerName}'";
        return string.Create(CultureInfo.InvariantCulture, $"{Kind}{name} entered at {File}:{Line} ({Member}){owner}, open {Age.TotalSeconds:0.###} s");
    }
}
