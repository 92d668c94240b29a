using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Samplan.Domain.People;

namespace Samplan.Organisations;

/// <summary>
/// S2, S3: a citizen account is this <see cref="RelatedPerson"/> row — a parent or guardian registered for one person. One
/// account may be several such rows (a mother of two children is a relation of each), so it may represent several persons.
/// Whether the account may act for the person on a given day is decided by <see cref="ConsentAuthority"/>, not by this link.
/// <see cref="UserAccount.RelatedPersonId"/> (the first link) keeps working and counts as one of them.
/// </summary>
public sealed class AccountRepresentation
{
    AccountRepresentation() { }

    public AccountRepresentation(Guid userAccountId, Guid relatedPersonId)
    {
        UserAccountId = userAccountId;
        RelatedPersonId = relatedPersonId;
    }

    public Guid UserAccountId { get; private set; }
    public Guid RelatedPersonId { get; private set; }
}

sealed class AccountRepresentationConfiguration : IEntityTypeConfiguration<AccountRepresentation>
{
    public void Configure(EntityTypeBuilder<AccountRepresentation> link)
    {
        link.ToTable("AccountRepresentations");
        link.HasKey(l => new { l.UserAccountId, l.RelatedPersonId });
        link.HasOne<UserAccount>().WithMany().HasForeignKey(l => l.UserAccountId).OnDelete(DeleteBehavior.Cascade);
        link.HasOne<RelatedPerson>().WithMany().HasForeignKey(l => l.RelatedPersonId).OnDelete(DeleteBehavior.Cascade);
        link.HasIndex(l => l.RelatedPersonId);
    }
}
