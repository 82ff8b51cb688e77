using System.Globalization;
using LeakScope.Cli.Model;
using LeakScope.Registry;

namespace LeakScope.Cli.Reporting;

/// <summary>
/// How the scopes of a call site that the session saw exit ended (docs/report-format.md#exits): counts
/// by outcome, and the exception types of faulted ones, the first few distinct, the rest counted together.
/// </summary>
internal sealed record ReportedExits(long Count, ReportedOutcomes Outcomes, IReadOnlyList<ReportedExceptionType> ExceptionTypes, long OtherExceptionTypes)
{
    public static ReportedExits Of(SiteExits exits) => new(
        exits.Total,
        new ReportedOutcomes(
            exits.Count(ScopeOutcome.Unspecified),
            exits.Count(ScopeOutcome.Completed),
            exits.Count(ScopeOutcome.Faulted),
            exits.Count(ScopeOutcome.Closed),
            exits.Count(ScopeOutcome.Disposed),
            exits.Count(ScopeOutcome.Collected),
            exits.Count(ScopeOutcome.Committed),
            exits.Count(ScopeOutcome.RolledBack)),
        [.. exits.ExceptionTypes.Select(type => new ReportedExceptionType(type.Key, type.Value))],
        exits.OtherExceptionTypes);

    /// <summary>"2 committed, 3 faulted (2 System.TimeoutException, 1 other type)", each piece of target text passed through <paramref name="escape"/>.</summary>
    public string Describe(Func<string, string> escape)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        return string.Join(", ", Outcomes.NonZero().Select(outcome =>
        {
            string text = string.Create(c, $"{outcome.Count} {outcome.Outcome}");
            if (outcome.Outcome != "faulted" || ExceptionTypes.Count == 0)
            {
                return text;
            }

            IEnumerable<string> types = ExceptionTypes.Select(type => string.Create(c, $"{type.Count} {escape(type.Type)}"));
            if (OtherExceptionTypes > 0)
            {
                types = types.Append(string.Create(c, $"{OtherExceptionTypes} of other types"));
            }

            return text + " (" + string.Join(", ", types) + ")";
        }));
    }
}
