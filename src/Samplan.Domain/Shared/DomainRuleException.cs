namespace Samplan.Domain.Shared;

/// <summary>
/// A refusal the law or the model requires. <see cref="Rule"/> is the DOMAIN.md id (R3, C3 …) so the
/// message shown to the user, the test and the code all point at the same rule.
/// </summary>
public sealed class DomainRuleException(string rule, string message) : Exception(message)
{
    public string Rule { get; } = rule;
}
