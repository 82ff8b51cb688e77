using LeakScope.Registry;

namespace LeakScope.Tests.Registry;

/// <summary>The owner table stays bounded whatever names and kinds an app invents.</summary>
public sealed class OwnerTableTests
{
    [Fact]
    public void PastTheCap_NewKindsToo_ShareOneOverflowOwner_SoTheTableStaysBounded()
    {
        var owners = new OwnerTable();
        for (int i = 0; i < OwnerTable.MaxOwners; i++)
        {
            owners.Intern("test", "t" + i);
        }

        // An app that invents a kind per request (a raw URL as the kind) must not grow it without bound.
        for (int i = 0; i < OwnerTable.MaxOverflowKinds + 5_000; i++)
        {
            owners.Intern("kind-" + i, "n");
        }

        owners.All(out int count);
        Assert.InRange(count, OwnerTable.MaxOwners, OwnerTable.MaxOwners + OwnerTable.MaxOverflowKinds + 2);
        ScopeOwner last = owners.Intern("yet-another-kind", "n");
        Assert.Equal((OwnerTable.OverflowName, OwnerTable.OverflowName), (last.Kind, last.Name));
    }
}
