using Samplan.Domain.Shared;

namespace Samplan.Domain.Tests;

static class Refusal
{
    /// <summary>Asserts that <paramref name="action"/> is refused by the named DOMAIN.md rule.</summary>
    public static DomainRuleException Of(string rule, Action action)
    {
        var e = Assert.Throws<DomainRuleException>(action);
        Assert.Equal(rule, e.Rule);
        Assert.False(string.IsNullOrWhiteSpace(e.Message));
        return e;
    }
}
