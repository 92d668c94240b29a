using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Samplan.Consent;

/// <summary>
/// A provider opening a plan outside the policy ("nødtilgang"): only with a reason, for a short time,
/// flagged in the audit log for the privacy officer's review and shown to the person.
/// </summary>
public sealed class EmergencyAccess
{
    public static readonly TimeSpan Duration = TimeSpan.FromHours(2);

    EmergencyAccess() { Reason = ""; UserName = ""; }

    public EmergencyAccess(Guid planId, Guid personId, Guid userId, string userName, Guid? organisationId, string reason, DateTime now)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length < 10)
            throw new Domain.Shared.DomainRuleException("R8", "Skriv hvorfor du trenger nødtilgang (minst 10 tegn). Begrunnelsen vises for personen og kontrolleres av personvernombudet.");
        Id = Guid.NewGuid();
        PlanId = planId;
        PersonId = personId;
        UserId = userId;
        UserName = userName;
        OrganisationId = organisationId;
        Reason = reason.Trim();
        GrantedAt = now;
        ExpiresAt = now + Duration;
    }

    public Guid Id { get; private set; }
    public Guid PlanId { get; private set; }
    public Guid PersonId { get; private set; }
    public Guid UserId { get; private set; }
    public string UserName { get; private set; }
    public Guid? OrganisationId { get; private set; }
    public string Reason { get; private set; }
    public DateTime GrantedAt { get; private set; }
    public DateTime ExpiresAt { get; private set; }
    public DateTime? ReviewedAt { get; private set; }
    public string? ReviewedBy { get; private set; }
    public string? ReviewNote { get; private set; }

    public bool IsActive(DateTime now) => ExpiresAt > now;

    public void Review(string reviewer, string? note, DateTime now)
    {
        ReviewedAt = now;
        ReviewedBy = reviewer;
        ReviewNote = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
    }
}

sealed class EmergencyAccessConfiguration : IEntityTypeConfiguration<EmergencyAccess>
{
    public void Configure(EntityTypeBuilder<EmergencyAccess> access)
    {
        access.Property(a => a.Id).ValueGeneratedNever();
        access.Property(a => a.UserName).HasMaxLength(100);
        access.Property(a => a.Reason).HasMaxLength(1000);
        access.Property(a => a.ReviewedBy).HasMaxLength(100);
        access.Property(a => a.ReviewNote).HasMaxLength(1000);
        access.HasIndex(a => new { a.PlanId, a.UserId, a.ExpiresAt });
        access.HasIndex(a => a.ReviewedAt);
    }
}
